using Simulator.Core.SoapNotes;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core;

public sealed class ClockResumeTests
{
    [Fact]
    public async Task With_sqlite_simulated_time_resumes_from_the_last_recorded_moment_after_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simulator-resume-{Guid.NewGuid():N}.db");
        try
        {
            DateTimeOffset saved;
            await using (var first = Sqlite(path))
            {
                first.Boot();
                await first.Control.AdvanceAsync(TimeSpan.FromHours(30));
                var (note, _) = await first.Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
                saved = note.CreatedAt;
            }

            await using var second = Sqlite(path);
            second.Boot();
            Assert.True(second.Clock.GetUtcNow() >= saved, $"clock {second.Clock.GetUtcNow():O} went back before {saved:O}");
            var (later, _) = await second.Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
            Assert.True(later.CreatedAt >= saved);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private static SimulatorAppFactory Sqlite(string path)
    {
        var app = new SimulatorAppFactory();
        app.Settings["Storage:Provider"] = "Sqlite";
        app.Settings["Storage:SqlitePath"] = path;
        return app;
    }
}
