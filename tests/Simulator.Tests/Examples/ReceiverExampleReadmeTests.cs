using System.Text.RegularExpressions;

namespace Simulator.Tests.Examples;

/// <summary>The example receiver's README names exactly the tests its test project has.</summary>
public sealed partial class ReceiverExampleReadmeTests
{
    [Fact]
    public void The_readme_lists_every_test_of_the_example_and_no_other()
    {
        var folder = Path.Combine(RepositoryRoot(), "examples", "receiver-aspnet");
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        var source = string.Concat(Directory.GetFiles(Path.Combine(folder, "ReceiverAspNet.Tests"), "*.cs").Select(File.ReadAllText));

        var listed = ListedTest().Matches(readme).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal).ToList();
        var tests = TestMethod().Matches(source).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(tests);
        Assert.Equal(tests, listed);
    }

    /// <summary>A bullet of the README's list of tests: <c>- `Name`: what it shows.</c></summary>
    [GeneratedRegex(@"^- `(?<name>[A-Za-z0-9_]+)`", RegexOptions.Multiline)]
    private static partial Regex ListedTest();

    [GeneratedRegex(@"\[(Fact|Theory)[^\]]*\]\s*(\[[^\]]*\]\s*)*public\s+(async\s+Task|void)\s+(?<name>\w+)\s*\(")]
    private static partial Regex TestMethod();

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
