using Microsoft.Playwright;

namespace Simulator.Tests.Browser;

/// <summary>
/// Screenshots of the main pages: always next to the test output (<c>screenshots/</c>), and into
/// the repository's <c>docs/images</c> when <c>UPDATE_SCREENSHOTS=1</c>.
/// </summary>
public static class Screenshots
{
    /// <param name="page">The page to take.</param>
    /// <param name="name">The file name, without <c>.png</c>.</param>
    /// <param name="forDocs">False for pictures that only help look at the UI, not for the README.</param>
    public static async Task SaveAsync(IPage page, string name, bool forDocs = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = output, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        if (forDocs && Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" && RepositoryRoot() is { } root)
        {
            var docs = Path.Combine(root, "docs", "images");
            Directory.CreateDirectory(docs);
            File.Copy(output, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
