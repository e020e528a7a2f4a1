namespace Simulator.Web.DemoReceiver;

public enum DemoAnswerState
{
    /// <summary>The status line was sent.</summary>
    Answered,

    /// <summary>The slow route is still holding the request.</summary>
    Waiting,

    /// <summary>The caller hung up before the answer (the simulator's attempt timed out).</summary>
    NotAnswered,
}
