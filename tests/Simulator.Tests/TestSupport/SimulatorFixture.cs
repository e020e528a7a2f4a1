namespace Simulator.Tests.TestSupport;

/// <summary>
/// One booted simulator for the tests of a class (an xunit class fixture). Booting one costs about half a
/// second of CPU; a theory of ten rows that each booted their own spent five seconds on it. Only for tests
/// that leave behind nothing another test of the class reads (refusals, reads); a test that needs settings
/// of its own or an untouched store boots its own <see cref="SimulatorAppFactory"/>.
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    public SimulatorFixture()
        : this(new SimulatorAppFactory())
    {
    }

    protected SimulatorFixture(SimulatorAppFactory app) => App = app;

    public SimulatorAppFactory App { get; }

    public Task InitializeAsync()
    {
        App.Boot();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>A <see cref="SimulatorFixture"/> listening on a real loopback port (Kestrel) instead of the in-memory test server.</summary>
public sealed class RealPortSimulatorFixture() : SimulatorFixture(new SimulatorAppFactory { UseRealPort = true });
