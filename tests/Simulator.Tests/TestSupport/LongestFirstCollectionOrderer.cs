using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Simulator.Tests.TestSupport.LongestFirstCollectionOrderer", "Simulator.Tests")]

namespace Simulator.Tests.TestSupport;

/// <summary>
/// Starts the longest test collections first, so that the run does not end waiting for one of them: the
/// crash test (a real process killed twenty times), then the browser tests, then classes with a test of
/// category Slow, then the others in xunit's own order. Which collection is which comes from the
/// <c>Category</c> traits of its test classes and of their tests.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] Longest = ["Crash", "Browser", "Slow"];

    private static readonly Lazy<ILookup<string, Type>> ClassesByCollection = new(() =>
        typeof(LongestFirstCollectionOrderer).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .ToLookup(CollectionOf, StringComparer.Ordinal));

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .Select((collection, index) => (collection, index, rank: Rank(collection)))
            .OrderBy(c => c.rank)
            .ThenBy(c => c.index)
            .Select(c => c.collection)
            .ToList();

    private static int Rank(ITestCollection collection)
    {
        var categories = ClassesByCollection.Value[collection.DisplayName].SelectMany(Categories).ToHashSet(StringComparer.Ordinal);
        var rank = Array.FindIndex(Longest, categories.Contains);
        return rank < 0 ? Longest.Length : rank;
    }

    /// <summary>The collection a class runs in: the one its <c>[Collection]</c> names, or the default collection of the class.</summary>
    private static string CollectionOf(Type type) =>
        type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute)) is { } collection
            ? (string)collection.ConstructorArguments[0].Value!
            : $"Test collection for {type.FullName}";

    private static IEnumerable<string> Categories(Type type) =>
        type.GetCustomAttributesData()
            .Concat(type.GetMethods().SelectMany(m => m.GetCustomAttributesData()))
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Category")
            .Select(a => (string)a.ConstructorArguments[1].Value!);
}
