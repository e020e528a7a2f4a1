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
    [InlineData("Clock:Speed", "0.0005")]
    [InlineData("Clock:Speed", "2000000")]
    [InlineData("Smtp:Port", "70000")]
    [InlineData("Smtp:MaxSendAttempts", "0")]
    [InlineData("Smtp:RetryInterval", "00:00:00")]
    [InlineData("Delivery:RetryWindow", "-01:00:00")]
    [InlineData("Delivery:MaxResponseBytesRead", "-1")]
    [InlineData("Endpoints:DisableAfter", "-00:00:01")]
    [InlineData("ReceiverCheck:AnswerWithin", "00:00:00")]
    [InlineData("SeedSoapNotes", "-1")]
    public void An_out_of_range_setting_stops_the_start_with_its_key_named(string key, string value)
    {
        using var app = new SimulatorAppFactory();
        app.Settings[key] = value;
        var error = Assert.ThrowsAny<Exception>(app.Boot);
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(key.Replace(':', '.'), validation.Message, StringComparison.Ordinal);
        Assert.Single(validation.Failures);
    }

    [Fact]
    public void A_longest_wait_shorter_than_the_first_stops_the_start_naming_both()
    {
        using var app = new SimulatorAppFactory();
        app.Settings["Delivery:BaseDelay"] = "00:10:00";
        app.Settings["Delivery:MaxDelay"] = "00:05:00";
        var error = Assert.ThrowsAny<Exception>(app.Boot);
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Delivery.MaxDelay (00:05:00) must be at least", validation.Message, StringComparison.Ordinal);
        Assert.Contains("Delivery.BaseDelay (00:10:00)", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_settings_start()
    {
        using var app = new SimulatorAppFactory();
        app.Boot();
    }
}
