using System.Diagnostics;
using System.Globalization;
using System.Text;
using Simulator.Tests.TestSupport;
using Simulator.Web.Apis.Contracts;
using Xunit.Abstractions;
using static Simulator.Tests.TestSupport.FailingFlakyHealthyReceiver;

namespace Simulator.Tests.Scale;

/// <summary>
/// Contract section 6: three published instances share one PostgreSQL database (a real server the
/// test run starts). Notes are raised on all three to a failing, a flaky and a healthy receiver; one
/// instance is SIGKILLed while attempts are in flight; the speed is changed on one and the clock
/// paused and advanced on another. Afterwards every request the receivers got is in the attempt log,
/// attempt numbers run 1..N, nothing is pending or in flight, the failing endpoint got one failure
/// e-mail and one disabled notice (each arriving once at the SMTP server), the clocks agree, and
/// what one instance changed the others show.
/// </summary>
[Collection(ScaleCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ThreeInstancesOnOnePostgresStoreTests(PublishedSimulator published, ITestOutputHelper output) : IClassFixture<PublishedSimulator>
{
    private const string Created = "soap_note.created";
    private const int NotesPerInstance = 2;

    /// <summary>The attempt timeout of the run: the contract's takeover bound is this plus 30 s.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, string> Contacts = new()
    {
        [Failing] = "failing@example.com",
        [Flaky] = "flaky@example.com",
        [Healthy] = "healthy@example.com",
    };

    [Fact]
    public async Task Three_instances_share_the_work_the_clock_and_the_view_and_one_killed_loses_nothing()
    {
        var work = Directory.CreateTempSubdirectory("simulator-scale-").FullName;
        var run = Stopwatch.StartNew();
        var connectionString = await PostgresServer.CreateDatabaseAsync("insim_three_instances");
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var receiver = await FailingFlakyHealthyReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Simulator__Storage__Provider"] = "Postgres",
            ["Simulator__Storage__ConnectionString"] = connectionString,
            ["Simulator__Account__Plan"] = "Premium",
            ["Simulator__Clock__Speed"] = "600",
            ["Simulator__Delivery__Timeout"] = Timeout.ToString("c", CultureInfo.InvariantCulture),
            ["Simulator__Smtp__Host"] = "127.0.0.1",
            ["Simulator__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Simulator__Smtp__RetryInterval"] = "00:00:01",
        };
        var instances = Enumerable.Range(0, 3).Select(i => new SimulatorProcess(published, environment, Path.Combine(work, $"instance-{i}.log"))).ToList();
        try
        {
            // all three at once on a new database: the migrations and the seed run once, under the start lock
            await Task.WhenAll(instances.Select(i => i.StartAsync()));
            output.WriteLine($"three instances healthy after {run.Elapsed.TotalSeconds:0.0} s (published with: {published.PublishedWith}; logs in {work})");

            // each endpoint registered on one instance and activated on the next: the store is one
            var endpoints = new Dictionary<string, int>();
            var paths = new[] { Failing, Flaky, Healthy };
            for (var i = 0; i < paths.Length; i++)
            {
                var created = await instances[i].SendAsync<EndpointResponse>(HttpMethod.Post, "/api/webhook-endpoints",
                    new { url = receiver.Url(paths[i]), contact_email = Contacts[paths[i]], enabled_events = new[] { Created } });
                var activated = await instances[(i + 1) % 3].SendAsync<EndpointResponse>(HttpMethod.Post, $"/api/webhook-endpoints/{created.Id}/activate", null);
                Assert.Equal("active", activated.Status);
                endpoints[paths[i]] = created.Id;
            }
            foreach (var instance in instances)
            {
                var seen = await instance.GetAsync<List<EndpointResponse>>("/api/webhook-endpoints");
                Assert.All(endpoints.Values, id => Assert.Contains(seen, e => e.Id == id && e.Status == "active"));
            }

            // notes raised on all three
            for (var round = 0; round < NotesPerInstance; round++)
            {
                foreach (var instance in instances)
                {
                    await instance.SendAsync(HttpMethod.Post, "/api/soap-notes", new { });
                }
            }

            // SIGKILL to the third while an attempt of its own is in flight (/failing answers after a second): the
            // store's lease says whose a delivery is, the instance's first log line says which instance it is
            var killed = instances[2];
            var killedId = InstanceId(killed);
            var waited = Stopwatch.StartNew();
            var ownInFlight = 0L;
            while ((ownInFlight = await InFlightOfAsync(connectionString, killedId)) == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }
            Assert.True(ownInFlight > 0, $"instance 2 had no attempt in flight within {waited.Elapsed.TotalSeconds:0} s: nothing would test the takeover");
            var inFlightAtKill = receiver.InFlight;
            await killed.KillAsync();
            var killedAt = Stopwatch.StartNew();
            var orphans = InFlight(await AllDeliveriesAsync(instances[0], endpoints));
            output.WriteLine($"killed instance 2 with {ownInFlight} attempts of its own in flight ({inFlightAtKill} requests in flight at the receiver); {orphans.Count} attempts in flight in the store right after");

            // a speed change made on the first holds on the second (slower: the takeover below takes ~20 s of real
            // time, and at 600x that would be more than 3 simulated hours of the flaky deliveries' retry window)
            await instances[0].SendAsync(HttpMethod.Put, "/api/clock", new { speed = 60 });
            var speedSeen = Stopwatch.StartNew();
            while ((await instances[1].GetAsync<ClockResponse>("/api/clock")).Speed != 60 && speedSeen.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }
            output.WriteLine($"speed 60 set on instance 0, read on instance 1 after {speedSeen.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(60, (await instances[1].GetAsync<ClockResponse>("/api/clock")).Speed);

            // the dead instance's attempts in flight are taken over by the living
            var takeover = await WaitUntilNoneInFlightAsync(instances[0], endpoints, orphans, Timeout + TimeSpan.FromSeconds(30) + TimeSpan.FromSeconds(30));
            output.WriteLine($"the {orphans.Count} attempts in flight at the kill (the killed instance's among them) all ended {killedAt.Elapsed.TotalSeconds:0.0} s after the kill (contract: within Delivery:Timeout + 30 s = {(Timeout + TimeSpan.FromSeconds(30)).TotalSeconds} s)");
            Assert.True(takeover, $"attempts of the killed instance still in flight {killedAt.Elapsed.TotalSeconds:0} s after the kill: {string.Join(", ", orphans)}");
            var takenOver = InterruptedAmong(await AllDeliveriesAsync(instances[0], endpoints), orphans);
            output.WriteLine($"{takenOver} of them recorded interrupted by a living instance (the killed one had {ownInFlight})");
            Assert.True(takenOver > 0, $"none of the {orphans.Count} attempts in flight at the kill was recorded interrupted: the killed instance's were not taken over");
            Assert.True(killedAt.Elapsed <= Timeout + TimeSpan.FromSeconds(30), $"the takeover took {killedAt.Elapsed.TotalSeconds:0.0} s, more than Delivery:Timeout + 30 s");

            // paused on the second, advanced on the first: every story ends, whichever instance runs it
            receiver.AnswerFailingAtOnce();
            await instances[1].SendAsync(HttpMethod.Put, "/api/clock", new { speed = 0 });
            var advanced = Stopwatch.StartNew();
            await instances[0].SendAsync(HttpMethod.Post, "/api/clock/advance", new { seconds = 86400 });
            output.WriteLine($"advance of 24 h on instance 0 returned after {advanced.Elapsed.TotalSeconds:0.0} s");

            // the killed instance comes back and joins the clock where it is
            await killed.StartAsync();
            var clocks = new List<ClockResponse>();
            foreach (var instance in instances)
            {
                clocks.Add(await instance.GetAsync<ClockResponse>("/api/clock"));
            }
            output.WriteLine($"clocks: {string.Join("; ", clocks.Select(c => $"{c.Now:O} speed {c.Speed}"))}");

            var deliveries = await AllDeliveriesAsync(instances[1], endpoints);
            var payloads = new Dictionary<long, string>();
            foreach (var eventId in deliveries.Select(d => d.Delivery.EventId).Distinct())
            {
                payloads[eventId] = (await instances[2].GetAsync<EventResponse>($"/api/events/{eventId}")).Payload;
            }
            var emails = await SettledEmailsAsync(instances[0]);
            var failing = await instances[2].GetAsync<EndpointResponse>($"/api/webhook-endpoints/{endpoints[Failing]}");
            var messages = smtp.Messages.Select(m => (To: m.To.Mailboxes.Single().Address, Subject: m.Subject ?? string.Empty)).ToList();
            var received = receiver.Requests.ToList();
            Describe(deliveries, payloads, received, emails);
            output.WriteLine($"{received.Count} requests received; done in {run.Elapsed.TotalSeconds:0} s");

            var problems = new StringBuilder();
            Check(problems, "Requests received that the log does not account for", ReceivedNotLogged(deliveries, payloads, received));
            Check(problems, "Attempt numbers not 1..N", deliveries.Where(d => !d.Delivery.Attempts.Select(a => a.Number).SequenceEqual(Enumerable.Range(1, d.Delivery.Attempts.Count)))
                .Select(d => $"{d.Path} delivery {d.Delivery.Id}: {Numbers(d.Delivery)}").ToList());
            Check(problems, "Pending or in flight", deliveries.Where(d => d.Delivery.Status == "pending" || d.Delivery.Attempts.Any(IsInFlight))
                .Select(d => $"{d.Path} delivery {d.Delivery.Id}: {d.Delivery.Status}, attempts {Numbers(d.Delivery)}").ToList());
            Check(problems, "Outcomes", Outcomes(deliveries, failing));
            Check(problems, "E-mails", Emails(emails, messages));
            Check(problems, "Clocks", clocks.Any(c => c.Now != clocks[0].Now || c.Speed != 0) ? [$"the instances' clocks differ: {string.Join("; ", clocks.Select(c => $"{c.Now:O} speed {c.Speed}"))}"] : []);
            if (problems.Length > 0)
            {
                Assert.Fail($"{problems}{Environment.NewLine}Logs in {work}. Last lines of instance 0:{Environment.NewLine}{instances[0].LogTail(30)}");
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
        Directory.Delete(work, recursive: true);
    }

    private static bool IsInFlight(AttemptResponse attempt) => attempt.StatusCode is null && attempt.Error is null;

    // the instance's id, from its first log line ("Instance host:pid (id) shares the store")
    private static Guid InstanceId(SimulatorProcess instance)
    {
        var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(instance.LogPath), @"Instance \S+ \(([0-9a-f-]{36})\) shares the store");
        Assert.True(match.Success, "the instance did not log its id: " + instance.LogTail());
        return Guid.Parse(match.Groups[1].Value);
    }

    // attempts in flight of deliveries the instance holds the lease of
    private static async Task<long> InFlightOfAsync(string connectionString, Guid instance)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT count(*) FROM "DeliveryAttempts" a JOIN "Deliveries" d ON d."Id" = a."DeliveryId"
            WHERE a."State" = 'InFlight' AND d."LeaseOwner" = @owner
            """, connection);
        command.Parameters.AddWithValue("owner", instance);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static int InterruptedAmong(List<(string Path, DeliveryResponse Delivery)> deliveries, List<(long DeliveryId, int Number)> attempts) =>
        deliveries.SelectMany(d => d.Delivery.Attempts.Select(a => (d.Delivery.Id, a))).Count(x =>
            attempts.Contains((x.Id, x.a.Number)) && x.a.Error is { } error && error.StartsWith("interrupted", StringComparison.Ordinal));

    private static List<(long DeliveryId, int Number)> InFlight(List<(string Path, DeliveryResponse Delivery)> deliveries) =>
        deliveries.SelectMany(d => d.Delivery.Attempts.Where(IsInFlight).Select(a => (d.Delivery.Id, a.Number))).ToList();

    private static async Task<bool> WaitUntilNoneInFlightAsync(SimulatorProcess simulator, Dictionary<string, int> endpoints, List<(long DeliveryId, int Number)> attempts, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var now = InFlight(await AllDeliveriesAsync(simulator, endpoints));
            if (!attempts.Intersect(now).Any())
            {
                return true;
            }
            if (waited.Elapsed > limit)
            {
                return false;
            }
            await Task.Delay(200);
        }
    }

    private static async Task<List<(string Path, DeliveryResponse Delivery)>> AllDeliveriesAsync(SimulatorProcess simulator, Dictionary<string, int> endpoints)
    {
        var all = new List<(string, DeliveryResponse)>();
        foreach (var (path, id) in endpoints)
        {
            all.AddRange((await simulator.GetAsync<List<DeliveryResponse>>($"/api/deliveries?endpoint_id={id}&limit=1000")).Select(d => (path, d)));
        }
        return all;
    }

    /// <summary>The outbox once no e-mail waits to be sent any more (a guard against a hang, not a timing check).</summary>
    private static async Task<List<EmailResponse>> SettledEmailsAsync(SimulatorProcess simulator)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var emails = await simulator.GetAsync<List<EmailResponse>>("/api/emails");
            if (emails.All(e => e.Status is not ("pending" or "failed")) || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                return emails;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>For each (endpoint, body) the receiver got, at most as many requests as attempts logged for it; and every answered attempt was received.</summary>
    private static List<string> ReceivedNotLogged(List<(string Path, DeliveryResponse Delivery)> deliveries, Dictionary<long, string> payloads, List<ReceivedRequest> received)
    {
        var lines = new List<string>();
        foreach (var group in received.GroupBy(r => (r.Path, r.Body)))
        {
            var logged = deliveries.Where(d => d.Path == group.Key.Path && payloads[d.Delivery.EventId] == group.Key.Body).Sum(d => d.Delivery.Attempts.Count);
            if (group.Count() > logged)
            {
                lines.Add($"{group.Count()} requests to {group.Key.Path} with one body, {logged} attempts logged for it");
            }
        }
        foreach (var (path, delivery) in deliveries)
        {
            var answered = delivery.Attempts.Count(a => a.StatusCode is not null);
            var got = received.Count(r => r.Path == path && r.Body == payloads[delivery.EventId]);
            if (answered > got)
            {
                lines.Add($"{path} delivery {delivery.Id}: {answered} attempts answered by the receiver, {got} requests received");
            }
        }
        return lines;
    }

    private static List<string> Outcomes(List<(string Path, DeliveryResponse Delivery)> deliveries, EndpointResponse failing)
    {
        var lines = new List<string>();
        var expectedNotes = 3 * NotesPerInstance;
        foreach (var path in new[] { Failing, Flaky, Healthy })
        {
            var count = deliveries.Count(d => d.Path == path);
            if (count != expectedNotes)
            {
                lines.Add($"{path}: {count} deliveries, one per note ({expectedNotes}) expected");
            }
        }
        lines.AddRange(deliveries.Where(d => d.Path == Healthy && d.Delivery.Status != "succeeded").Select(d => $"{Healthy} delivery {d.Delivery.Id} is {d.Delivery.Status}"));
        lines.AddRange(deliveries.Where(d => d.Path == Flaky && d.Delivery.Status != "succeeded").Select(d => $"{Flaky} delivery {d.Delivery.Id} is {d.Delivery.Status}"));
        lines.AddRange(deliveries.Where(d => d.Path == Failing && d.Delivery.Status is not ("failed" or "cancelled")).Select(d => $"{Failing} delivery {d.Delivery.Id} is {d.Delivery.Status}"));
        if (failing.Status != "disabled")
        {
            lines.Add($"{Failing} endpoint is {failing.Status}, not disabled");
        }
        return lines;
    }

    /// <summary>One failure e-mail and one disabled notice, to the failing endpoint's contact only; each arrived once at the SMTP server.</summary>
    private static List<string> Emails(List<EmailResponse> emails, List<(string To, string Subject)> messages)
    {
        var lines = new List<string>();
        var failingContact = Contacts[Failing];
        var failure = emails.Count(e => e.To == failingContact && e.Subject.Contains("is failing", StringComparison.Ordinal));
        var disabled = emails.Count(e => e.To == failingContact && e.Subject.Contains("has been disabled", StringComparison.Ordinal));
        if (failure != 1 || disabled != 1 || emails.Count != 2)
        {
            lines.Add($"{failure} failure e-mails and {disabled} disabled notices to {failingContact}, {emails.Count} e-mails in all; one of each expected: {string.Join("; ", emails.Select(e => $"{e.To}: {e.Subject}"))}");
        }
        foreach (var email in emails)
        {
            var arrived = messages.Count(m => m.To == email.To && m.Subject == email.Subject);
            if (email.Status != "sent" || arrived != 1)
            {
                lines.Add($"e-mail {email.Id} (\"{email.Subject}\") is {email.Status} and arrived {arrived} times at the SMTP server; sent once expected");
            }
        }
        return lines;
    }

    private void Describe(List<(string Path, DeliveryResponse Delivery)> deliveries, Dictionary<long, string> payloads, List<ReceivedRequest> received, List<EmailResponse> emails)
    {
        foreach (var (path, delivery) in deliveries.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Delivery.Id))
        {
            var got = received.Count(r => r.Path == path && r.Body == payloads[delivery.EventId]);
            output.WriteLine($"{path,-9} delivery {delivery.Id,3}: {delivery.Status,-9} attempts [{Numbers(delivery)}], received {got}");
        }
        foreach (var email in emails.OrderBy(e => e.Id))
        {
            output.WriteLine($"e-mail {email.Id} to {email.To} ({email.Status}): {email.Subject}");
        }
    }

    private static string Numbers(DeliveryResponse delivery) =>
        delivery.Attempts.Count == 0 ? "none" : string.Join(", ", delivery.Attempts.Select(a => $"{a.Number}{(a.Error is { } e && e.StartsWith("interrupted", StringComparison.Ordinal) ? "i" : "")}"));

    private static void Check(StringBuilder problems, string title, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }
        problems.AppendLine($"{title} ({lines.Count}):");
        lines.ForEach(l => problems.AppendLine($"  - {l}"));
    }
}
