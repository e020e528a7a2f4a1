using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

public static class DemoReceiverLogWaiting
{
    /// <summary>
    /// Waits (on the log's own change notifications, with a generous real-time limit, not a sleep)
    /// until a kept request matches.
    /// </summary>
    public static async Task<DemoRequest> WaitForAsync(this DemoReceiverLog log, Func<DemoRequest, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var found = new TaskCompletionSource<DemoRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, EventArgs e)
        {
            if (log.Recent().FirstOrDefault(match) is { } request)
            {
                found.TrySetResult(request);
            }
        }
        log.Changed += Check;
        try
        {
            Check(null, EventArgs.Empty);
            return await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        finally
        {
            log.Changed -= Check;
        }
    }
}
