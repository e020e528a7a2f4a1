namespace Simulator.Web.Components.Shared;

/// <summary>
/// What a component's buttons run: while an action runs <see cref="IsBusy"/> is set (the buttons
/// disable on it), and a refusal the user can act on becomes the <see cref="Message"/> shown beside
/// them instead of an error page. Any other exception goes on, as before.
/// </summary>
public sealed class BusyAction
{
    public bool IsBusy { get; private set; }

    /// <summary>What the last action said: its refusal, or what the component set after it.</summary>
    public string? Message { get; set; }

    /// <summary>Runs <paramref name="action"/>; the message is cleared first.</summary>
    /// <param name="refusal">The words for an exception that is a refusal, or null when it is not one.</param>
    /// <returns>Whether the action ran to its end (false: refused).</returns>
    public async Task<bool> RunAsync(Func<Task> action, Func<Exception, string?>? refusal = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        IsBusy = true;
        Message = null;
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (refusal?.Invoke(ex) is { } words)
        {
            Message = words;
            return false;
        }
        finally
        {
            IsBusy = false;
        }
    }
}
