using System.Reflection;
using System.Runtime.CompilerServices;
using ArchUnitNET.Domain.Dependencies;
using ArchUnitNET.Loader;
using Simulator.Core;
using Simulator.Core.Dispatching;
using Simulator.Core.Live;
using Simulator.Core.Notifications;
using CompiledCode = ArchUnitNET.Domain.Architecture;

namespace Simulator.Tests.Core.Architecture;

/// <summary>
/// The core's shape: small classes with few dependencies, and what memory holds (the due-queue,
/// live updates, the e-mail wake-up) changed only by what follows a commit, in one place.
/// </summary>
public sealed class CoreShapeTests
{
    private const int MaxLines = 300;
    private const int MaxDependencies = 8;

    private static readonly CompiledCode Core =
        new ArchLoader().LoadAssemblies(typeof(SimulatorOptions).Assembly).Build();

    [Fact]
    public void No_source_file_of_the_core_is_over_300_lines()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Simulator.Core");
        var migrations = Path.Combine(folder, "Persistence", "Migrations");
        var tooLong = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(migrations, StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(folder, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
        Assert.Empty(tooLong);
    }

    [Fact]
    public void No_class_of_the_core_takes_more_than_8_dependencies()
    {
        // records are data (a note in the payload's shape has its twelve fields), not classes with dependencies
        var heavy = typeof(SimulatorOptions).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && t.Namespace?.Contains("Migrations", StringComparison.Ordinal) != true)
            .Where(t => t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is null)
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Select(c => (Type: t, Count: c.GetParameters().Length)))
            .Where(c => c.Count > MaxDependencies)
            .Select(c => $"{c.Type.FullName}: {c.Count}")
            .Distinct()
            .ToList();
        Assert.Empty(heavy);
    }

    [Fact]
    public void Only_what_follows_a_commit_places_deliveries_and_disablings_on_the_schedule()
    {
        string[] placing = [nameof(DeliverySchedule.ScheduleAttempt), nameof(DeliverySchedule.UnscheduleAttempt), nameof(DeliverySchedule.ScheduleDisabling),
            nameof(DeliverySchedule.UnscheduleDisabling), nameof(DeliverySchedule.HoldForRetry), nameof(DeliverySchedule.ReleaseRetryHold)];
        // the commit's effects; the start, which fills the schedule from the store; a disabling found moved later
        Assert.Equal(
            [nameof(CommitEffects), nameof(DeliveryRecovery), nameof(DueWorkRunner)],
            Callers(typeof(DeliverySchedule), placing));
        // due work that could not start goes back where it was (the runner), or is found missing (the sweep)
        Assert.Equal(
            [nameof(DueWorkRunner), nameof(InFlightSweep)],
            Callers(typeof(DeliverySchedule), [nameof(DeliverySchedule.PutBack), nameof(DeliverySchedule.PutBackDisabling)]));
    }

    [Fact]
    public void Only_what_follows_a_commit_tells_the_live_views_and_wakes_the_email_sender()
    {
        Assert.Equal([nameof(CommitEffects)], Callers(typeof(LiveUpdates), [nameof(LiveUpdates.Publish)]));
        Assert.Equal([nameof(CommitEffects)], Callers(typeof(EmailOutbox), [nameof(EmailOutbox.Wake)]));
    }

    /// <summary>The core's types that call one of <paramref name="members"/> of <paramref name="target"/> (lambdas count as their type's).</summary>
    private static List<string> Callers(System.Type target, string[] members) =>
        Core.Types
            .Where(t => t.Dependencies.OfType<MethodCallDependency>().Any(d =>
                d.TargetMember.DeclaringType.FullName == target.FullName && members.Contains(d.TargetMember.Name.Split('(')[0])))
            .Select(t => t.Name.Split('+')[0].Split('<')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Simulator.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Simulator.slnx not found above the test's directory.");
    }
}
