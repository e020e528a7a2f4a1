using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Simulator.Core;
using Simulator.Core.Live;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;
using CompiledCode = ArchUnitNET.Domain.Architecture;

namespace Simulator.Tests.Core.Architecture;

/// <summary>
/// The folders of Simulator.Core (one namespace each: Simulator.Core.Domain, .Dispatching, ...)
/// depend on each other one way only. ArchUnitNET reads the compiled assembly, so a use counts
/// wherever it is: a using line, a fully qualified name, a field, a parameter or a call in a body.
/// </summary>
public sealed class FolderDependencyTests
{
    private const string Folders = "Simulator.Core.";

    private static readonly CompiledCode Core =
        new ArchLoader().LoadAssemblies(typeof(SimulatorOptions).Assembly).Build();

    [Fact]
    public void No_two_folders_of_the_core_use_each_other_even_through_others() =>
        Slices().Matching("Simulator.Core.(*)..").Should().BeFreeOfCycles().Check(Core);

    [Fact]
    public void The_rule_sees_the_folders_and_their_uses()
    {
        var graph = FolderGraph();
        Assert.Contains("Dispatching", graph.Keys);
        Assert.Contains("Domain", graph["Dispatching"]);
        Assert.Contains("Persistence", graph["Seeding"]);
    }

    [Fact]
    public void The_live_notifier_uses_no_other_folder_so_every_folder_may_publish_to_it()
    {
        Assert.Equal(nameof(Simulator.Core.Live), typeof(LiveUpdates).Namespace![Folders.Length..]);
        Assert.Empty(FolderGraph().GetValueOrDefault("Live", []));
    }

    /// <summary>Each folder and the other folders its types use.</summary>
    private static Dictionary<string, SortedSet<string>> FolderGraph()
    {
        var graph = new Dictionary<string, SortedSet<string>>();
        foreach (var type in Core.Types.Where(t => Folder(t.Namespace.FullName) is not null))
        {
            var from = Folder(type.Namespace.FullName)!;
            var uses = graph.TryGetValue(from, out var found) ? found : graph[from] = [];
            foreach (var to in type.Dependencies.Select(d => Folder(d.Target?.Namespace?.FullName)).OfType<string>().Where(to => to != from))
            {
                uses.Add(to);
            }
        }
        return graph;
    }

    private static string? Folder(string? ns) =>
        ns is not null && ns.StartsWith(Folders, StringComparison.Ordinal) ? ns[Folders.Length..].Split('.')[0] : null;
}
