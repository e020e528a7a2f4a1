using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;

namespace Simulator.Web.Apis;

/// <summary>
/// Runs a handler's work and answers the refusals it can meet with the typed results its signature
/// declares (so the OpenAPI document lists them): a field the domain refuses is a 400 naming it, an
/// unknown id a 404, a state that forbids the change a 409. Chosen by the exception's type, never by
/// its message.
/// </summary>
internal static class ApiOutcome
{
    public const string InvalidTitle = "One or more fields are invalid";

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: InvalidTitle);

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ConflictProblem Conflict(DomainRuleException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return new ConflictProblem(refused.Title, refused.Message);
    }

    public static ConflictProblem ChangedMeanwhile() => new(
        "Changed meanwhile",
        "Something else changed the same thing at the same moment; nothing was changed. Reload and try again.");

    /// <summary>Work whose only refusal is its input: a 400 naming the field.</summary>
    public static Results<TOk, ValidationProblem> Checked<TOk>(Func<TOk> work)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return work();
        }
        catch (DomainValidationException invalid)
        {
            return Invalid(invalid.Errors);
        }
    }

    /// <inheritdoc cref="Checked{TOk}(Func{TOk})"/>
    public static async Task<Results<TOk, ValidationProblem>> CheckedAsync<TOk>(Func<Task<TOk>> work)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work();
        }
        catch (DomainValidationException invalid)
        {
            return Invalid(invalid.Errors);
        }
    }

    /// <summary>An action on the resource an id names, with no input to refuse: 404 for an unknown id, 409 for a refused transition.</summary>
    public static async Task<Results<TOk, NotFoundProblem, ConflictProblem>> ActAsync<TOk>(Func<Task<TOk>> action)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (KeyNotFoundException missing)
        {
            return new NotFoundProblem(missing.Message);
        }
        catch (DomainRuleException refused) when (refused is not PremiumPlanRequiredException)
        {
            return Conflict(refused);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile();
        }
    }

    /// <summary>A change to the resource an id names: 400 for a refused field, and the refusals of <see cref="ActAsync{TOk}"/>.</summary>
    public static async Task<Results<TOk, ValidationProblem, NotFoundProblem, ConflictProblem>> ChangeAsync<TOk>(Func<Task<TOk>> change)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return (await ActAsync(change)).Result switch
            {
                TOk done => done,
                NotFoundProblem missing => missing,
                var refused => (ConflictProblem)refused,
            };
        }
        catch (DomainValidationException invalid)
        {
            return Invalid(invalid.Errors);
        }
    }
}
