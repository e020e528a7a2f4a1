namespace Simulator.Tests.Web.Api;

/// <summary>
/// One <see cref="ApiHarness"/> (simulator, clients, receiver) for the tests of a class (an xunit class
/// fixture). Booting a simulator costs about half a second of CPU; a theory of 27 rows that each booted their
/// own spent fifteen seconds on it. Only for tests that leave behind nothing another test of the class reads
/// (refusals, reads); a test that needs settings of its own or an untouched store starts its own harness.
/// </summary>
public sealed class SharedApiHarness : IAsyncLifetime
{
    private ApiHarness? _harness;

    internal ApiHarness Harness => _harness ?? throw new InvalidOperationException("The shared simulator did not start.");

    public async Task InitializeAsync() => _harness = await ApiHarness.StartAsync();

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}
