using System.Diagnostics;
using Simulator.Bench;
using Simulator.Core;

// several instances on one PostgreSQL store (issue 27): a scenario of its own, with a server the caller names
if (args.Length > 0 && args[0] == "scale-out")
{
    return await ScaleOutScenario.RunAsync(args[1..]);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchSettings.Usage);
    return 0;
}
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

var log = Console.Out;
var report = new BenchReport(settings, MachineInfo.Current(), TimeProvider.System.GetUtcNow(), MachineInfo.LoadAverage());
log.WriteLine($"Simulator bench: {string.Join(", ", settings.Scenarios)} on {report.Machine.Cores} cores ({report.Machine.Cpu}), load {report.LoadBefore}");
var started = Stopwatch.GetTimestamp();

await using (var receiver = await BenchReceiver.StartAsync())
{
    if (settings.Runs("throughput") || settings.Runs("isolation"))
    {
        log.WriteLine("Throughput");
        var throughput = new ThroughputScenario(receiver, settings, log);
        for (var run = 0; run < settings.WarmupRuns; run++)
        {
            // thrown away: the first store measured in a cold process ran 1.5-2x slower than the same store measured second
            log.WriteLine($"  warm-up run {run + 1} of {settings.WarmupRuns} (discarded):");
            await Attempt("throughput warm-up", () => new ThroughputScenario(receiver, settings with { Events = Math.Min(settings.Events, 1_000) }, log)
                .RunAsync(settings.Stores[run % settings.Stores.Count], withHangingEndpoint: false));
        }
        foreach (var store in settings.Stores)
        {
            await Attempt($"throughput {store}", async () => report.Throughput.Add(await throughput.RunAsync(store, withHangingEndpoint: false)));
            if (settings.Runs("isolation"))
            {
                await Attempt($"isolation throughput {store}", async () => report.Throughput.Add(await throughput.RunAsync(store, withHangingEndpoint: true)));
            }
        }
    }
    if (settings.Runs("latency") || settings.Runs("isolation"))
    {
        log.WriteLine("Latency");
        var latency = new LatencyScenario(receiver, settings, log);
        foreach (var store in settings.Stores)
        {
            await Attempt($"latency {store}", async () => report.Latency.Add(await latency.RunAsync(store, withHangingEndpoint: false)));
            if (settings.Runs("isolation"))
            {
                await Attempt($"isolation latency {store}", async () => report.Latency.Add(await latency.RunAsync(store, withHangingEndpoint: true)));
            }
        }
    }
    if (settings.Runs("clock"))
    {
        log.WriteLine("Clock fidelity");
        await Attempt("clock", async () => report.Clock = await new ClockFidelityScenario(receiver, settings, log).RunAsync());
    }
    if (settings.Runs("retries"))
    {
        log.WriteLine("Waiting retries");
        var waiting = new WaitingRetriesScenario(receiver, settings, log);
        foreach (var store in settings.Stores)
        {
            ProcessMeter.FullCollect();
            await Attempt($"waiting retries {store}", async () => report.WaitingRetries.Add(await waiting.RunAsync(store)));
        }
        if (settings.Stores.Contains(StorageProvider.Sqlite))
        {
            ProcessMeter.FullCollect();
            await Attempt("waiting retries Sqlite from a written file", async () => report.WaitingRetries.Add(await waiting.RunFromFileAsync(settings.WaitingFromFile)));
        }
    }
    if (settings.Runs("user"))
    {
        log.WriteLine("The user's own figures");
        await Attempt("user", async () => report.User = await new UserScenario(receiver, settings, log).RunAsync());
    }
    if (settings.Runs("lookup"))
    {
        log.WriteLine("Store lookups");
        var lookup = new LookupScenario(settings, log);
        foreach (var store in settings.Stores)
        {
            await Attempt($"lookup {store}", async () => report.Lookups.AddRange(await lookup.RunAsync(store)));
        }
    }
}

report.Duration = Stopwatch.GetElapsedTime(started);
report.LoadAfter = MachineInfo.LoadAverage();
var path = RepositoryPath(settings.Out);
var markdown = ReportWriter.Write(report, File.Exists(path) ? await File.ReadAllTextAsync(path) : null);
if (settings.Write)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    await File.WriteAllTextAsync(path, markdown);
    log.WriteLine($"Wrote {path} (load at end {report.LoadAfter})");
}
else
{
    log.WriteLine();
    log.WriteLine(markdown);
}
return 0;

// Runs one measurement; a failure is reported (and the others still run) instead of ending the bench.
async Task Attempt(string what, Func<Task> run)
{
    try
    {
        await run();
    }
    catch (Exception ex)
    {
        log.WriteLine($"  {what} FAILED: {ex.GetType().Name}: {ex.Message}");
        report.Failures.Add($"{what}: {ex.GetType().Name}: {ex.Message}");
    }
}

// The report path, relative to the repository root (the folder holding Simulator.slnx) when there is one.
static string RepositoryPath(string relative)
{
    if (Path.IsPathRooted(relative))
    {
        return relative;
    }
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Simulator.slnx")))
        {
            return Path.Combine(dir.FullName, relative);
        }
    }
    return Path.GetFullPath(relative);
}
