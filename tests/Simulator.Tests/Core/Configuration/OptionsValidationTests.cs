using System.Diagnostics;
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
        var validation = ValidationFailure(Assert.ThrowsAny<Exception>(app.Boot));
        Assert.True(validation.Message.Contains(key.Replace(':', '.'), StringComparison.Ordinal), validation.Message);
        Assert.Single(validation.Failures);
    }

    [Fact]
    public void A_longest_wait_shorter_than_the_first_stops_the_start_naming_both()
    {
        using var app = new SimulatorAppFactory();
        app.Settings["Delivery:BaseDelay"] = "00:10:00";
        app.Settings["Delivery:MaxDelay"] = "00:05:00";
        var validation = ValidationFailure(Assert.ThrowsAny<Exception>(app.Boot));
        Assert.True(validation.Message.Contains("Delivery.MaxDelay (00:05:00) must be at least", StringComparison.Ordinal), validation.Message);
        Assert.True(validation.Message.Contains("Delivery.BaseDelay (00:10:00)", StringComparison.Ordinal), validation.Message);
    }

    /// <summary>The options failure, however the host wraps it.</summary>
    private static OptionsValidationException ValidationFailure(Exception error)
    {
        for (Exception? e = error; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : e.InnerException)
        {
            if (e is OptionsValidationException validation)
            {
                return validation;
            }
        }
        Assert.Fail($"not an options validation failure: {error}");
        throw new UnreachableException();
    }

    [Fact]
    public void The_default_settings_start()
    {
        using var app = new SimulatorAppFactory { ValidateServicesOnBuild = true };
        app.Boot();
    }
}
