using System.Diagnostics;
using System.Text;
using Simulator.Tests.TestSupport;
using Simulator.Web.Apis.Contracts;
using Xunit.Abstractions;
using static Simulator.Tests.TestSupport.FailingFlakyHealthyReceiver;

namespace Simulator.Tests.Crash;

/// <summary>
/// The delivery engine survives SIGKILL: the published app runs as a child process on a SQLite
/// file, is killed twenty times at random moments (often while an attempt is in flight at the
/// receiver) and restarted on the same file; afterwards every request the receiver got is in the
/// attempt log, attempt numbers run 1..N, nothing is left pending and the failure story (one
/// e-mail, disabling, one more e-mail) was told exactly once, each e-mail arriving at the SMTP
/// server at least once and at most twice (a kill inside its handoff sends it once more).
/// </summary>
[Collection(CrashCollection.Name)]
[Trait("Category", "Crash")]
public sealed class KillAndRestartTests(PublishedSimulator published, ITestOutputHelper output) : IClassFixture<PublishedSimulator>
{
    private const int Kills = 20;
    private const int InitialSoapNotes = 3;
    private const string Created = "soap_note.created";

    private static readonly Dictionary<string, string> Contacts = new()
    {
        [Failing] = "failing@example.com",
        [Flaky] = "flaky@example.com",
        [Healthy] = "healthy@example.com",
    };

    [Fact]
    public async Task Twenty_kills_lose_no_received_request_repeat_no_attempt_number_and_leave_nothing_pending()
    {
        // kept when the test fails: the app's log and the SQLite file to look into
        var work = Directory.CreateTempSubdirectory("simulator-crash-").FullName;
        await using var smtp = await TestSmtpServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Simulator__Storage__Provider"] = "Sqlite",
            ["Simulator__Storage__SqlitePath"] = Path.Combine(work, "sim.db"),
            ["Simulator__Account__Plan"] = "Premium",
            // Ten simulated minutes per real second. The clock also runs while the app starts (3.5 s on
            // a quiet machine, 5-15 s on a busy one): at 3600x the 12 h retry window of the first /failing
            // deliveries ran out by the 5th kill, /failing was disabled, and only 4 of the 20 kills landed
            // with an attempt in flight. At 600x /failing stays active through most of the kills (15 to 18
            // of 20 landed with attempts in flight); its failing, e-mail and disabling come at the end of
            // the kills or in the final jump.
            ["Simulator__Clock__Speed"] = "600",
            // /failing answers after 1 s, well within the limit: its attempts fail with 500, not a timeout
            ["Simulator__Delivery__Timeout"] = "00:00:03",
            ["Simulator__Smtp__Host"] = "127.0.0.1",
            ["Simulator__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulator__Smtp__RetryInterval"] = "00:00:01",
        };
        output.WriteLine($"published with: {published.PublishedWith}");
        output.WriteLine($"work folder (SQLite file, app log): {work}");

        await using var receiver = await FailingFlakyHealthyReceiver.StartAsync();
        await using var simulator = new SimulatorProcess(published, environment, Path.Combine(work, "app.log"));
        var run = Stopwatch.StartNew();
        await simulator.StartAsync();

        var endpoints = new Dictionary<string, int>();
        foreach (var path in new[] { Failing, Flaky, Healthy })
        {
            endpoints[path] = await RegisterActiveEndpointAsync(simulator, receiver.Url(path), Contacts[path]);
        }
        var notes = 0;
        for (; notes < InitialSoapNotes; notes++)
        {
            await CreateSoapNoteAsync(simulator);
        }

        var random = new Random(20261129);
        var killsInFlight = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            var createsNote = random.Next(4) == 0;
            if (createsNote)
            {
                await CreateSoapNoteAsync(simulator);
                notes++;
            }
            var upFor = random.Next(100, 2001);
            // a random kill moment: the point of the test, not a timing assertion
            await Task.Delay(upFor);
            var inFlight = receiver.InFlight;
            var (pid, startedIn) = (simulator.ProcessId, simulator.StartedIn);
            await simulator.KillAsync();
            killsInFlight += inFlight > 0 ? 1 : 0;
            output.WriteLine($"kill {kill,2}: pid {pid} (started in {startedIn.TotalSeconds:0.0} s) killed {upFor,4} ms after /healthz{(createsNote ? " and a new SOAP note" : string.Empty)}; requests in flight at the receiver: {inFlight}; received so far: {receiver.Requests.Count}");
            await simulator.StartAsync();
        }
        output.WriteLine($"{Kills} kills in {run.Elapsed.TotalSeconds:0} s, {killsInFlight} of them with a request in flight; {notes} SOAP notes");

        // Finish every story: the clock stops running on its own and jumps past the 12 h retry
        // window and the 1 h grace before disabling. No kill is coming, so /failing need not take a
        // real second per attempt (the jump runs the attempts due one moment after the other).
        receiver.AnswerFailingAtOnce();
        await simulator.SendAsync(HttpMethod.Put, "/api/clock", new { speed = 0 });
        await simulator.SendAsync(HttpMethod.Post, "/api/clock/advance", new { seconds = 86400 });
        var deliveries = await DeliveriesAsync(simulator, endpoints);
        var failingEndpoint = await simulator.GetAsync<EndpointResponse>($"/api/webhook-endpoints/{endpoints[Failing]}");
        if (deliveries.Values.SelectMany(d => d).Any(d => d.Status == "pending") || failingEndpoint.Status != "disabled")
        {
            output.WriteLine("after advancing 24 h: still pending deliveries, or /failing not disabled; advancing 24 h once more");
            await simulator.SendAsync(HttpMethod.Post, "/api/clock/advance", new { seconds = 86400 });
            deliveries = await DeliveriesAsync(simulator, endpoints);
            failingEndpoint = await simulator.GetAsync<EndpointResponse>($"/api/webhook-endpoints/{endpoints[Failing]}");
        }
        var payloads = new Dictionary<long, string>();
        foreach (var eventId in deliveries.Values.SelectMany(d => d).Select(d => d.EventId).Distinct())
        {
            payloads[eventId] = (await simulator.GetAsync<EventResponse>($"/api/events/{eventId}")).Payload;
        }
        var emails = await SettledEmailsAsync(simulator);
        var messages = smtp.Messages.Select(m => (To: m.To.Mailboxes.Single().Address, Subject: m.Subject ?? string.Empty)).ToList();
        output.WriteLine($"done in {run.Elapsed.TotalSeconds:0} s");

        var received = receiver.Requests.ToList();
        Describe(deliveries, payloads, received, emails, failingEndpoint);
        output.WriteLine($"messages at the SMTP server: {string.Join("; ", messages.Select(m => $"{m.To}: {m.Subject}"))}");
        var problems = new StringBuilder();
        CheckEveryReceivedRequestIsLogged(problems, deliveries, payloads, received);
        CheckAttemptNumbers(problems, deliveries);
        CheckNothingPending(problems, deliveries);
        CheckOutcomes(problems, deliveries, emails, failingEndpoint, notes);
        CheckMessages(problems, emails, messages);
        if (problems.Length > 0)
        {
            Assert.Fail(
                $"After {Kills} SIGKILLs ({killsInFlight} with a request in flight at the receiver), {notes} SOAP notes and {received.Count} requests received:{Environment.NewLine}" +
                $"{problems}{Environment.NewLine}Last lines of the app's log ({simulator.LogPath}; the SQLite file is next to it):{Environment.NewLine}{simulator.LogTail(40)}");
        }
        await simulator.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task An_email_whose_smtp_handoff_a_kill_cuts_short_is_sent_once_more_and_never_a_third_time()
    {
        var work = Directory.CreateTempSubdirectory("simulator-handoff-").FullName;
        await using var smtp = await TestSmtpServer.StartAsync();
        // every message is kept and counted, and no answer goes back: a kill then lands inside the handoff
        smtp.HoldAnswers();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        var environment = new Dictionary<string, string>
        {
            ["Simulator__Storage__Provider"] = "Sqlite",
            ["Simulator__Storage__SqlitePath"] = Path.Combine(work, "sim.db"),
            ["Simulator__Account__Plan"] = "Premium",
            ["Simulator__Clock__Speed"] = "0", // only the advance below moves time: no disabling, no second e-mail
            ["Simulator__Smtp__Host"] = "127.0.0.1",
            ["Simulator__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var simulator = new SimulatorProcess(published, environment, Path.Combine(work, "app.log"));
        await simulator.StartAsync();
        await RegisterActiveEndpointAsync(simulator, receiver.Url("/webhooks"), "handoff@example.com");
        await CreateSoapNoteAsync(simulator);
        // the 12 h retry window runs out (the failure e-mail), and the hour of grace before disabling has not
        await simulator.SendAsync(HttpMethod.Post, "/api/clock/advance", new { seconds = (12 * 3600) + 1800 });

        await smtp.WaitForMessagesAsync(1); // handed over; the sender waits for the answer
        await simulator.KillAsync();
        await simulator.StartAsync();
        await smtp.WaitForMessagesAsync(2); // the restart sends it once more; again no answer
        await simulator.KillAsync();
        await simulator.StartAsync();
        smtp.ReleaseAnswers();
        var email = Assert.Single(await SettledEmailsAsync(simulator));

        Assert.True(email.Status == "unconfirmed", $"e-mail {email.Id} is {email.Status} ({email.LastError}); {smtp.Messages.Count} messages arrived{Environment.NewLine}{simulator.LogTail(30)}");
        Assert.Equal(2, smtp.Messages.Count);
        Assert.All(smtp.Messages, m => Assert.Equal(email.Subject, m.Subject));
        Assert.Single(smtp.Messages.Select(m => m.MessageId).Distinct()); // the duplicate says it is one
        await simulator.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    /// <summary>For each (endpoint, body) the receiver got, at most as many requests as attempts logged for that delivery.</summary>
    private static void CheckEveryReceivedRequestIsLogged(
        StringBuilder problems, Dictionary<string, List<DeliveryResponse>> deliveries, Dictionary<long, string> payloads, List<ReceivedRequest> received)
    {
        var lines = new List<string>();
        foreach (var group in received.GroupBy(r => (r.Path, r.Body)))
        {
            var (path, body) = group.Key;
            var count = group.Count();
            if (!deliveries.TryGetValue(path, out var ofEndpoint))
            {
                lines.Add($"{count} request(s) to {path}, which is no endpoint of the test");
                continue;
            }
            var matching = ofEndpoint.Where(d => payloads[d.EventId] == body).ToList();
            if (matching.Count != 1)
            {
                lines.Add($"{count} request(s) to {path} with a body that {(matching.Count == 0 ? "matches no delivery" : $"matches {matching.Count} deliveries")} of that endpoint: {Shorten(body)}");
                continue;
            }
            var delivery = matching[0];
            if (count > delivery.Attempts.Count)
            {
                lines.Add($"{path} delivery {delivery.Id} (event {delivery.EventId}, {delivery.Status}): the receiver got {count} request(s) with its body, the attempt log has {delivery.Attempts.Count} (numbers {Numbers(delivery)}): {count - delivery.Attempts.Count} request(s) sent and not logged");
            }
        }
        Section(problems, "Requests the receiver got that are missing from the attempt log", lines);
    }

    /// <summary>Each delivery's attempts are numbered 1..N, each number once, and attempt_count is N.</summary>
    private static void CheckAttemptNumbers(StringBuilder problems, Dictionary<string, List<DeliveryResponse>> deliveries)
    {
        var lines = new List<string>();
        foreach (var (path, delivery) in All(deliveries))
        {
            var numbers = delivery.Attempts.Select(a => a.Number).Order().ToList();
            var expected = Enumerable.Range(1, numbers.Count).ToList();
            if (!numbers.SequenceEqual(expected))
            {
                var repeated = numbers.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}");
                var missing = Enumerable.Range(1, Math.Max(numbers.DefaultIfEmpty(0).Max(), numbers.Count)).Except(numbers);
                lines.Add($"{path} delivery {delivery.Id} (event {delivery.EventId}): attempt numbers [{string.Join(", ", numbers)}], expected 1..{numbers.Count} once each; repeated: [{string.Join(", ", repeated)}], missing: [{string.Join(", ", missing)}]");
            }
            if (delivery.AttemptCount != delivery.Attempts.Count)
            {
                lines.Add($"{path} delivery {delivery.Id} (event {delivery.EventId}): attempt_count is {delivery.AttemptCount}, but {delivery.Attempts.Count} attempt(s) are logged");
            }
        }
        Section(problems, "Attempt numbers that are not exactly 1..N", lines);
    }

    private static void CheckNothingPending(StringBuilder problems, Dictionary<string, List<DeliveryResponse>> deliveries)
    {
        var lines = All(deliveries)
            .Where(d => d.Delivery.Status == "pending")
            .Select(d => $"{d.Path} delivery {d.Delivery.Id} (event {d.Delivery.EventId}) is still pending after the clock jumped a day ahead: {d.Delivery.Attempts.Count} attempt(s) logged, next attempt at {d.Delivery.NextAttemptAt?.ToString("O") ?? "(none)"}")
            .ToList();
        Section(problems, "Deliveries left pending", lines);
    }

    /// <summary>/failing: one "is failing" e-mail, one "has been disabled" e-mail, disabled; /flaky and /healthy: every delivery succeeded, no e-mail.</summary>
    private static void CheckOutcomes(
        StringBuilder problems, Dictionary<string, List<DeliveryResponse>> deliveries, List<EmailResponse> emails, EndpointResponse failingEndpoint, int notes)
    {
        var lines = new List<string>();
        var toFailing = emails.Where(e => e.To == Contacts[Failing]).ToList();
        var failingMails = toFailing.Count(e => e.Subject.Contains("is failing", StringComparison.Ordinal));
        var disabledMails = toFailing.Count(e => e.Subject.Contains("has been disabled", StringComparison.Ordinal));
        if (failingMails != 1)
        {
            lines.Add($"{Failing}: {failingMails} e-mail(s) whose subject says \"is failing\", expected exactly 1; e-mails to {Contacts[Failing]}: {Subjects(toFailing)}");
        }
        if (disabledMails != 1)
        {
            lines.Add($"{Failing}: {disabledMails} e-mail(s) whose subject says \"has been disabled\", expected exactly 1; e-mails to {Contacts[Failing]}: {Subjects(toFailing)}");
        }
        if (failingEndpoint.Status != "disabled")
        {
            lines.Add($"{Failing}: endpoint {failingEndpoint.Id} is {failingEndpoint.Status} ({failingEndpoint.StatusReason}), expected disabled; failing since {failingEndpoint.FailingSince?.ToString("O") ?? "-"}, disable at {failingEndpoint.DisableAt?.ToString("O") ?? "-"}");
        }
        foreach (var path in new[] { Flaky, Healthy })
        {
            foreach (var delivery in deliveries[path].Where(d => d.Status != "succeeded"))
            {
                lines.Add($"{path} delivery {delivery.Id} (event {delivery.EventId}) is {delivery.Status}, expected succeeded; attempts: {Results(delivery)}");
            }
            if (deliveries[path].Count != notes)
            {
                lines.Add($"{path}: {deliveries[path].Count} deliveries for {notes} SOAP notes created, expected one each");
            }
            var mails = emails.Where(e => e.To == Contacts[path]).ToList();
            if (mails.Count > 0)
            {
                lines.Add($"{path}: {mails.Count} e-mail(s) to {Contacts[path]}, expected none: {Subjects(mails)}");
            }
        }
        Section(problems, "Outcomes (e-mails, endpoint status, deliveries that should have succeeded)", lines);
    }

    /// <summary>Each e-mail of the outbox arrived at the SMTP server at least once and at most twice, and nothing else arrived.</summary>
    private static void CheckMessages(StringBuilder problems, List<EmailResponse> emails, List<(string To, string Subject)> messages)
    {
        var lines = new List<string>();
        foreach (var email in emails)
        {
            var arrived = messages.Count(m => m.To == email.To && m.Subject == email.Subject);
            if (arrived is < 1 or > 2)
            {
                lines.Add($"e-mail {email.Id} to {email.To} (\"{email.Subject}\", {email.Status}): {arrived} message(s) at the SMTP server, expected 1, or 2 when a kill cut its handoff short");
            }
        }
        foreach (var stray in messages.Where(m => !emails.Any(e => e.To == m.To && e.Subject == m.Subject)))
        {
            lines.Add($"a message to {stray.To} (\"{stray.Subject}\") that is no e-mail of the outbox");
        }
        Section(problems, "E-mails as the SMTP server received them", lines);
    }

    /// <summary>The outbox once no e-mail waits to be sent any more (a guard against a hang, not a timing check).</summary>
    private static async Task<List<EmailResponse>> SettledEmailsAsync(SimulatorProcess simulator)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var emails = await simulator.GetAsync<List<EmailResponse>>("/api/emails");
            if (emails.All(e => e.Status is not ("pending" or "failed")) || limit.IsCancellationRequested)
            {
                return emails;
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private void Describe(
        Dictionary<string, List<DeliveryResponse>> deliveries, Dictionary<long, string> payloads, List<ReceivedRequest> received, List<EmailResponse> emails, EndpointResponse failingEndpoint)
    {
        output.WriteLine($"{Failing} endpoint {failingEndpoint.Id}: {failingEndpoint.Status} ({failingEndpoint.StatusReason})");
        foreach (var (path, delivery) in All(deliveries).OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Delivery.Id))
        {
            var got = received.Count(r => r.Path == path && r.Body == payloads[delivery.EventId]);
            output.WriteLine($"{path,-9} delivery {delivery.Id,3} event {delivery.EventId,3}: {delivery.Status,-9} attempt_count {delivery.AttemptCount,2}, logged [{Numbers(delivery)}], received {got}");
        }
        foreach (var email in emails.OrderBy(e => e.Id))
        {
            output.WriteLine($"e-mail {email.Id} to {email.To} ({email.Status}): {email.Subject}");
        }
    }

    private static IEnumerable<(string Path, DeliveryResponse Delivery)> All(Dictionary<string, List<DeliveryResponse>> deliveries) =>
        deliveries.SelectMany(e => e.Value.Select(d => (e.Key, d)));

    private static void Section(StringBuilder problems, string title, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }
        problems.AppendLine($"{title} ({lines.Count}):");
        foreach (var line in lines)
        {
            problems.AppendLine($"  - {line}");
        }
    }

    private static string Numbers(DeliveryResponse delivery) =>
        delivery.Attempts.Count == 0 ? "none" : string.Join(", ", delivery.Attempts.Select(a => a.Number));

    private static string Results(DeliveryResponse delivery) =>
        string.Join(", ", delivery.Attempts.Select(a => $"#{a.Number} {(a.StatusCode?.ToString() ?? a.Error)}"));

    private static string Subjects(List<EmailResponse> emails) =>
        emails.Count == 0 ? "none" : string.Join("; ", emails.Select(e => $"\"{e.Subject}\""));

    private static string Shorten(string body) => body.Length <= 120 ? body : body[..120] + "…";

    private static async Task<int> RegisterActiveEndpointAsync(SimulatorProcess simulator, string url, string contact)
    {
        var created = await simulator.SendAsync<EndpointResponse>(HttpMethod.Post, "/api/webhook-endpoints", new { url, contact_email = contact, enabled_events = new[] { Created } });
        var activated = await simulator.SendAsync<EndpointResponse>(HttpMethod.Post, $"/api/webhook-endpoints/{created.Id}/activate", null);
        Assert.True(activated.Status == "active", $"endpoint {created.Id} ({url}) is {activated.Status} after activating, expected active");
        return created.Id;
    }

    private static async Task CreateSoapNoteAsync(SimulatorProcess simulator) => await simulator.SendAsync(HttpMethod.Post, "/api/soap-notes", new { });

    private static async Task<Dictionary<string, List<DeliveryResponse>>> DeliveriesAsync(SimulatorProcess simulator, Dictionary<string, int> endpoints)
    {
        var deliveries = new Dictionary<string, List<DeliveryResponse>>();
        foreach (var (path, id) in endpoints)
        {
            deliveries[path] = await simulator.GetAsync<List<DeliveryResponse>>($"/api/deliveries?endpoint_id={id}&limit=1000");
        }
        return deliveries;
    }
}
