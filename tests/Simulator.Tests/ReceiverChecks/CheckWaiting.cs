using Simulator.Core.ReceiverChecks;

namespace Simulator.Tests.ReceiverChecks;

/// <summary>Waits (no sleeps: on the store's change notices, with a generous real-time limit) for a check to finish.</summary>
internal static class CheckWaiting
{
    public static async Task<ReceiverCheckReport> WaitUntilFinishedAsync(this ReceiverCheckStore store, string id)
    {
        var finished = new TaskCompletionSource<ReceiverCheckReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ReceiverCheckReport report)
        {
            if (report.Id == id && report.Finished)
            {
                finished.TrySetResult(report);
            }
        }
        store.Changed += OnChanged;
        try
        {
            if (store.Find(id) is { Finished: true } done)
            {
                return done;
            }
            return await finished.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            store.Changed -= OnChanged;
        }
    }
}
