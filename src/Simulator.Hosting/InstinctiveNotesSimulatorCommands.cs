namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>The names of the simulator's dashboard commands (for <c>ResourceCommandService.ExecuteCommandAsync</c>).</summary>
public static class InstinctiveNotesSimulatorCommands
{
    /// <summary>"Advance 1 h": <c>POST /api/clock/advance {"seconds":3600}</c>.</summary>
    public const string AdvanceOneHour = "insim-advance-1h";

    /// <summary>"Advance to next attempt": jumps the clock to the next scheduled attempt (<c>next_attempt_at</c> of <c>GET /api/clock</c>).</summary>
    public const string AdvanceToNextAttempt = "insim-advance-to-next-attempt";

    /// <summary>"Run receiver check": the conformance report for each receiver given with <c>WithReceiver</c>.</summary>
    public const string RunReceiverCheck = "insim-run-receiver-check";

    /// <summary>"Pause clock": <c>PUT /api/clock {"speed":0}</c>.</summary>
    public const string PauseClock = "insim-pause-clock";

    /// <summary>"Resume clock": <c>PUT /api/clock</c> with the speed the resource started with.</summary>
    public const string ResumeClock = "insim-resume-clock";
}
