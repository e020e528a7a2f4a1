using System.Net;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Api;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_503_naming_the_database_once_its_file_is_gone()
    {
        var directory = Directory.CreateTempSubdirectory("simulator-health-");
        try
        {
            var data = Path.Combine(directory.FullName, "data");
            await using var app = new SimulatorAppFactory();
            app.Settings["Storage:Provider"] = "Sqlite";
            app.Settings["Storage:SqlitePath"] = Path.Combine(data, "simulator.db");
            app.Boot();
            using var client = app.CreateApiClient(token: null);

            var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            var body = await ApiHarness.ReadAsync(healthy);
            Assert.Equal(("ok", "healthy"), (body.GetProperty("status").GetString(), body.GetProperty("checks").GetProperty("database").GetString()));

            // the volume is gone (unmounted, deleted): the database cannot be reached
            Directory.Delete(data, recursive: true);
            var unhealthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
            body = await ApiHarness.ReadAsync(unhealthy);
            Assert.Equal(("unhealthy", "unhealthy"), (body.GetProperty("status").GetString(), body.GetProperty("checks").GetProperty("database").GetString()));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
