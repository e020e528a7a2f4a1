using System.ComponentModel.DataAnnotations;
using Simulator.Core.Domain;

namespace Simulator.Core;

/// <summary>The <c>Simulator</c> configuration section (README.md, "Configuration").</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    public StorageOptions Storage { get; set; } = new();

    public ClockOptions Clock { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public EndpointOptions Endpoints { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public AccountOptions Account { get; set; } = new();

    public ReceiverCheckOptions ReceiverCheck { get; set; } = new();

    /// <summary>Bogus seed: the same seed gives the same data.</summary>
    public int Seed { get; set; } = 438;

    /// <summary>How many SOAP notes the seeded account starts with.</summary>
    [Range(0, 10_000)]
    public int SeedSoapNotes { get; set; } = 10;
}

public enum StorageProvider
{
    InMemory,
    Sqlite,
}

public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.InMemory;

    [Required]
    public string SqlitePath { get; set; } = "simulator.db";
}

public sealed class ClockOptions
{
    /// <summary>Simulated seconds per real second (1 = real time).</summary>
    [Range(0, 1_000_000)]
    public double Speed { get; set; } = 60;
}

public sealed class DeliveryOptions
{
    /// <summary>Real time one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Simulated time from the first attempt after which the delivery is failed.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Simulated wait before the first retry.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each wait is this many times the one before.</summary>
    [Range(1.0, 100.0)]
    public double BackoffFactor { get; set; } = 4;

    /// <summary>The longest simulated wait between two attempts.</summary>
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

    /// <summary>At most this much of a response body is read; the first 4 KB are kept.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBytesRead { get; set; } = 64 * 1024;
}

public sealed class EndpointOptions
{
    /// <summary>Simulated grace between the failure e-mail and disabling the endpoint.</summary>
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
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(2);
}
