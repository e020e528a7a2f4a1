using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Simulator.Core.Domain;

namespace Simulator.Core;

/// <summary>
/// The <c>Simulator</c> configuration section (README.md, "Configuration"). Every range is
/// stated here, once, as an attribute on the setting; <see cref="SimulatorOptionsValidator"/> (source
/// generated) checks them at start, nested sections included.
/// </summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    public StorageOptions Storage { get; set; } = new();

    [ValidateObjectMembers]
    public ClockOptions Clock { get; set; } = new();

    [ValidateObjectMembers]
    public DeliveryOptions Delivery { get; set; } = new();

    [ValidateObjectMembers]
    public EndpointOptions Endpoints { get; set; } = new();

    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    public AccountOptions Account { get; set; } = new();

    [ValidateObjectMembers]
    public ReceiverCheckOptions ReceiverCheck { get; set; } = new();

    /// <summary>Bogus seed: the same seed gives the same data.</summary>
    public int Seed { get; set; } = 438;

    /// <summary>How many SOAP notes the seeded account starts with.</summary>
    [Range(0, 10_000)]
    public int SeedSoapNotes { get; set; } = 10;
}

public enum StorageProvider
{
    /// <summary>A throwaway SQLite database on a RAM disk: transactional, gone when the app stops.</summary>
    InMemory,

    /// <summary>A SQLite file: survives restarts.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<see cref="StorageOptions.ConnectionString"/>) that any number of instances may share.</summary>
    Postgres,
}

public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; empty: <c>insim/simulator.db</c> in the user's local application data (named in the first log line).</summary>
    public string SqlitePath { get; set; } = string.Empty;

    /// <summary>The PostgreSQL connection string (Npgsql's keywords) when the provider is <see cref="StorageProvider.Postgres"/>.</summary>
    public string ConnectionString { get; set; } = string.Empty;
}

public sealed class ClockOptions
{
    /// <summary>The slowest running speed: one simulated second per 1,000 real seconds.</summary>
    public const double MinSpeed = 0.001;

    /// <summary>The fastest speed: one simulated day in about 86 real milliseconds.</summary>
    public const double MaxSpeed = 1_000_000;

    /// <summary>Simulated seconds per real second (1 = real time, 0 = paused).</summary>
    [SimulationSpeed]
    public double Speed { get; set; } = 60;

    /// <summary>Whether the clock can run at <paramref name="speed"/>: 0 (paused) or from <see cref="MinSpeed"/> to <see cref="MaxSpeed"/>.</summary>
    public static bool IsValidSpeed(double speed) => speed == 0 || speed is >= MinSpeed and <= MaxSpeed;
}

public sealed class DeliveryOptions : IValidatableObject
{
    /// <summary>Real time one attempt may take.</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Simulated time from the first attempt after which the delivery is failed.</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Simulated wait before the first retry.</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each wait is this many times the one before.</summary>
    [Range(1.0, 100.0)]
    public double BackoffFactor { get; set; } = 4;

    /// <summary>The longest simulated wait between two attempts (at least <see cref="BaseDelay"/>).</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Each wait varies by up to this fraction either way (0.1 = ±10 %).</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>Attempts in flight at once, over all endpoints.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Attempts in flight at once to one endpoint.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrencyPerEndpoint { get; set; } = 8;

    /// <summary>Real time between two sweeps for attempts nothing runs any more and due deliveries off the schedule.</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this much of a response body is read; the first 4 KB are kept.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBytesRead { get; set; } = 64 * 1024;

    /// <summary>The one rule that spans two settings.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult(
                $"Delivery.MaxDelay ({MaxDelay}) must be at least Delivery.BaseDelay ({BaseDelay}).",
                [nameof(MaxDelay), nameof(BaseDelay)]);
        }
    }
}

public sealed class EndpointOptions
{
    /// <summary>Simulated grace between the failure e-mail and disabling the endpoint (0: at once).</summary>
    [Range(typeof(TimeSpan), Durations.Zero, Durations.Max)]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(1);
}

public sealed class SmtpOptions
{
    /// <summary>No host: e-mail goes to the in-app outbox only.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    [Required]
    public string From { get; set; } = "webhooks@instinctivenotes.local";

    /// <summary>Real time before the second try of an e-mail the SMTP server did not take; doubled per further try, at most an hour.</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries of one e-mail before the sender gives it up (it stays in the outbox, marked so).</summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

public sealed class AccountOptions
{
    /// <summary>Plan at start.</summary>
    public Plan Plan { get; set; } = Plan.Standard;

    public string PracticeName { get; set; } = string.Empty;
}

public sealed class ReceiverCheckOptions
{
    /// <summary>Real time within which every answer of a receiver check must come (<c>answers_quickly</c>).</summary>
    [Range(typeof(TimeSpan), Durations.Tick, Durations.Max)]
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Receiver checks running at once in the simulator (the UI and the API); one more is refused (a 429 in the API).</summary>
    [Range(1, 100)]
    public int MaxConcurrent { get; set; } = 4;
}

