using System.Globalization;
using Simulator.Core;

namespace Simulator.Bench;

/// <summary>What to measure and how much of it: the bench's command line.</summary>
public sealed record BenchSettings
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Simulator.Bench -- <scenarios> [options]

        scenarios (comma-separated): all | throughput | latency | isolation | retries | clock | lookup | user

        options:
          --stores InMemory,Sqlite   stores to measure (throughput, latency, isolation, retries)
          --events 5000              SOAP notes (events) per throughput run; each goes to every endpoint
          --warmup-runs 1            whole throughput runs made and thrown away first (the first store measured in a
                                     process ran 1.5-2x slower than the same store measured second: tiered JIT)
          --endpoints 10             active healthy endpoints
          --creators 4               concurrent note creators in throughput runs
          --concurrency 64           in-flight POSTs of the bare HttpClient loop (the simulator's MaxConcurrency)
          --rate 20                  notes per second in latency runs (steady, well under saturation)
          --seconds 30               length of a latency run
          --waiting 100000           deliveries left waiting for a retry through real attempts
          --waiting-inmemory 100000  at most this many of them with the InMemory store (EF InMemory's reads scan whole tables)
          --waiting-file 1000000     deliveries left waiting in a SQLite file written directly (with --stores Sqlite)
          --idle 60                  seconds of waiting over which CPU is measured
          --clock-notes 100          notes raised in the clock-fidelity run (each to every endpoint)
          --clock-rate 10            notes per second in the clock-fidelity run
          --speed 3600               clock speed of the clock-fidelity run
          --lookup-sizes 1000,10000,100000  store sizes at which the lookup diagnostic times reads
          --user-runs 5              SimulatorHost starts (each with one 12-hour failing story) and published-app starts in the user run
          --published DIR            the published web app (dotnet publish src/Simulator.Web -o DIR): the user run times its start to /healthz
          --out docs/benchmarks.md   report to write (relative to the repository root)
          --no-write                 print the report instead of writing it
        """;

    public static IReadOnlyList<string> AllScenarios { get; } = ["throughput", "latency", "isolation", "retries", "clock", "lookup", "user"];

    public required IReadOnlyList<string> Scenarios { get; init; }

    public IReadOnlyList<StorageProvider> Stores { get; init; } = [StorageProvider.InMemory, StorageProvider.Sqlite];

    public int Events { get; init; } = 5_000;

    public int Endpoints { get; init; } = 10;

    /// <summary>Throughput runs made first and discarded, so every store is measured in a warm process, as the bare loop is.</summary>
    public int WarmupRuns { get; init; } = 1;

    public int Creators { get; init; } = 4;

    public int Concurrency { get; init; } = 64;

    public int Rate { get; init; } = 20;

    public int Seconds { get; init; } = 30;

    public int Waiting { get; init; } = 100_000;

    public int WaitingInMemory { get; init; } = 100_000;

    public int WaitingFromFile { get; init; } = 1_000_000;

    public int IdleSeconds { get; init; } = 60;

    public int ClockNotes { get; init; } = 100;

    public int ClockRate { get; init; } = 10;

    public double Speed { get; init; } = 3600;

    public IReadOnlyList<int> LookupSizes { get; init; } = [1_000, 10_000, 100_000];

    public int UserRuns { get; init; } = 5;

    public string? Published { get; init; }

    public string Out { get; init; } = "docs/benchmarks.md";

    public bool Write { get; init; } = true;

    /// <summary>The arguments as given, to print the command that reproduces the run.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    public static BenchSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("Name the scenarios to run first.");
        }
        var scenarios = args[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(s => s == "all" ? AllScenarios : [s])
            .Distinct()
            .ToList();
        foreach (var scenario in scenarios.Where(s => !AllScenarios.Contains(s)))
        {
            throw new ArgumentException($"Unknown scenario '{scenario}'.");
        }
        var settings = new BenchSettings { Scenarios = scenarios, Arguments = args };
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--no-write")
            {
                settings = settings with { Write = false };
                continue;
            }
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option {name} needs a value.");
            }
            var value = args[++i];
            settings = name switch
            {
                "--stores" => settings with { Stores = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Enum.Parse<StorageProvider>(s, ignoreCase: true)).ToList() },
                "--events" => settings with { Events = Positive(name, value) },
                "--endpoints" => settings with { Endpoints = Positive(name, value) },
                "--warmup-runs" => settings with { WarmupRuns = NonNegative(name, value) },
                "--creators" => settings with { Creators = Positive(name, value) },
                "--concurrency" => settings with { Concurrency = Positive(name, value) },
                "--rate" => settings with { Rate = Positive(name, value) },
                "--seconds" => settings with { Seconds = Positive(name, value) },
                "--waiting" => settings with { Waiting = Positive(name, value) },
                "--waiting-inmemory" => settings with { WaitingInMemory = Positive(name, value) },
                "--waiting-file" => settings with { WaitingFromFile = Positive(name, value) },
                "--idle" => settings with { IdleSeconds = Positive(name, value) },
                "--clock-notes" => settings with { ClockNotes = Positive(name, value) },
                "--clock-rate" => settings with { ClockRate = Positive(name, value) },
                "--speed" => settings with { Speed = Positive(name, value) },
                "--lookup-sizes" => settings with { LookupSizes = value.Split(',').Select(v => Positive(name, v)).Order().ToList() },
                "--user-runs" => settings with { UserRuns = Positive(name, value) },
                "--published" => settings with { Published = Path.GetFullPath(value) },
                "--out" => settings with { Out = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return settings;
    }

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new ArgumentException($"Option {name} needs a whole number of at least 0, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"Option {name} needs a positive whole number, not '{value}'.");
}
