using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Simulator.Web.DemoReceiver;

/// <summary>What the demo receiver answered to a request, as text (never only a colour).</summary>
public sealed record DemoAnswer(DemoAnswerState State, int? StatusCode, string Text)
{
    public static DemoAnswer Status(int statusCode) =>
        new(DemoAnswerState.Answered, statusCode, $"{statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}".TrimEnd());

    public static DemoAnswer Waiting(TimeSpan delay) =>
        new(DemoAnswerState.Waiting, null, $"Waiting: answers 200 after {Seconds(delay)} of real time");

    public static DemoAnswer HungUp(TimeSpan after) =>
        new(DemoAnswerState.NotAnswered, null, $"No answer: the caller hung up after {Seconds(after)}");

    public bool IsSuccess => StatusCode is >= 200 and <= 299;

    private static string Seconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
