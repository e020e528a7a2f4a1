using Microsoft.Extensions.Options;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Configuration;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Delivery:Jitter", "0.9")]
    [InlineData("Delivery:BackoffFactor", "0.5")]
    [InlineData("Delivery:MaxConcurrency", "0")]
    [InlineData("Delivery:Timeout", "00:00:00")]
    [InlineData("Clock:Speed", "-3")]
    [InlineData("Smtp:Port", "70000")]
    public void An_out_of_range_setting_stops_the_start_with_its_key_named(string key, string value)
    {
        using var app = new SimulatorAppFactory();
        app.Settings[key] = value;
        var error = Assert.ThrowsAny<Exception>(app.Boot);
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(key.Split(':')[^1], validation.Message, StringComparison.Ordinal);
    }
}
