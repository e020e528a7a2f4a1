using System.Globalization;
using System.Text;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;

namespace Simulator.Core.Notifications;

/// <summary>The words of the e-mails about a failing endpoint.</summary>
public static class FailureEmails
{
    public static (string Subject, string Body) EndpointFailing(WebhookEndpoint endpoint, Delivery delivery, AttemptOutcome? lastOutcome, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(delivery);
        var first = delivery.FirstAttemptAt ?? delivery.CreatedAt;
        var last = delivery.CompletedAt ?? first;
        var body = new StringBuilder()
            .AppendLine("Hello,")
            .AppendLine()
            .AppendLine("Instinctive Notes could not deliver a webhook to your endpoint, and has stopped trying.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Endpoint:     {endpoint.Url}")
            .AppendLine(CultureInfo.InvariantCulture, $"Description:  {(string.IsNullOrWhiteSpace(endpoint.Description) ? "(none)" : endpoint.Description)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Event:        {delivery.EventType} (event {delivery.EventId}, raised {Time(delivery.Event?.CreatedAt ?? delivery.CreatedAt)})")
            .AppendLine(CultureInfo.InvariantCulture, $"Attempts:     {delivery.AttemptCount} over {Duration(last - first)}, from {Time(first)} to {Time(last)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Last result:  {lastOutcome?.Summary ?? "no response"}")
            .AppendLine()
            .AppendLine("The event is marked as failed and will not be sent again.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"What happens next: this endpoint will be disabled at {Time(endpoint.DisableAt ?? last + grace)} ({Duration(grace)} from now) unless the problem is addressed. A disabled endpoint receives no new events and no retries (only a test send, or a delivery sent again by hand, reaches it).")
            .AppendLine()
            .AppendLine("How to fix it:")
            .AppendLine(CultureInfo.InvariantCulture, $"  1. Make sure {endpoint.Url} is reachable and answers POST requests with a 2xx status code, quickly, before any slow processing.")
            .AppendLine("  2. Redirects (3xx) are not followed and count as failures: register the final URL.")
            .AppendLine("  3. Under Settings >> Change developers settings, use \"Send test\" to check the endpoint.")
            .AppendLine()
            .AppendLine("The failure counts as addressed when a delivery to the endpoint succeeds (a test send included), when you change its URL, or when you deactivate it.")
            .AppendLine()
            .AppendLine("Instinctive Notes Webhooks (simulated)");
        return (Subject("Action required: webhook endpoint ", endpoint.Url, " is failing"), body.ToString());
    }

    public static (string Subject, string Body) EndpointDisabled(WebhookEndpoint endpoint, int stoppedDeliveries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var body = new StringBuilder()
            .AppendLine("Hello,")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Your webhook endpoint {endpoint.Url} has been disabled at {Time(now)}: deliveries to it kept failing and the failure was not addressed in time.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Description:          {(string.IsNullOrWhiteSpace(endpoint.Description) ? "(none)" : endpoint.Description)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Pending retries stopped: {stoppedDeliveries}")
            .AppendLine()
            .AppendLine("The endpoint receives no new events and no retries (only a test send, or a delivery sent again by hand, reaches it). To use it again:")
            .AppendLine("  1. Fix the receiver so that it answers POST requests with a 2xx status code.")
            .AppendLine("  2. Under Settings >> Change developers settings, use \"Send test\" to check it.")
            .AppendLine("  3. Activate the endpoint again (this needs the Premium plan).")
            .AppendLine()
            .AppendLine("Instinctive Notes Webhooks (simulated)");
        return (Subject("Webhook endpoint ", endpoint.Url, " has been disabled"), body.ToString());
    }

    /// <summary>A subject that fits <see cref="OutboxEmail.MaxSubjectLength"/>: a long URL is cut in its middle, so both its ends stay readable.</summary>
    private static string Subject(string before, string url, string after)
    {
        var room = OutboxEmail.MaxSubjectLength - before.Length - after.Length;
        if (url.Length > room)
        {
            var head = (room - 1) / 2;
            var tail = room - 1 - head;
            if (char.IsHighSurrogate(url[head - 1]))
            {
                head--;
            }
            if (char.IsLowSurrogate(url[^tail]))
            {
                tail--;
            }
            url = string.Concat(url.AsSpan(0, head), "…", url.AsSpan(url.Length - tail));
        }
        return before + url + after;
    }

    private static string Time(DateTimeOffset value) => WebhookPayload.FormatTimestamp(value);

    private static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Max(0, (int)value.TotalSeconds)} s";
        }
        if (value < TimeSpan.FromHours(1))
        {
            return $"{(int)value.TotalMinutes} min";
        }
        var minutes = value.Minutes;
        return minutes == 0 ? $"{(int)value.TotalHours} h" : $"{(int)value.TotalHours} h {minutes} min";
    }
}
