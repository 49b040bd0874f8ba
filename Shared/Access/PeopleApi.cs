using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workflow.Http;

namespace Workflow.Access;

/// <summary>The body of <c>PUT /api/people/{signIn}</c>.</summary>
public sealed record PersonRequest(string? Name, IReadOnlyList<string?>? Roles, IReadOnlyList<string?>? Units);

/// <summary>A person as the API answers: sign-in name, display name, roles, units, and who changed the row last.</summary>
public sealed record PersonView(string SignIn, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, DateTimeOffset UpdatedAt, Author UpdatedBy)
{
    public static PersonView From(Person p) => new(p.SignIn, p.Name, RoleNames.Of(p.Roles), p.Units, p.UpdatedAt, p.UpdatedBy);
}

/// <summary>Who is calling (<c>GET /api/me</c>): what the organiser's page shows and offers.</summary>
public sealed record WhoAmIView(string Id, string Name, string Source, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, bool AllUnits);

/// <summary>People administration (<c>GET /api/people</c>, <c>PUT|DELETE /api/people/{signIn}</c>, administrators) and <c>GET /api/me</c>.</summary>
public sealed partial class PeopleApi(PeopleStore people, TimeProvider clock, ILogger<PeopleApi> logger)
{
    public const int MaxName = 200;
    public const int MaxSignIn = 256;
    public const int MaxUnits = 50;

    public static IResult WhoAmI(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller();
        var source = caller.Source == CallerSource.Key ? "key" : "person";
        return Results.Json(
            new WhoAmIView(caller.Id, caller.Name, source, RoleNames.Of(caller.Roles), caller.UnitNames, caller.AllUnits),
            WorkflowJson.Options);
    }

    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        Results.Json((await people.ListAsync(cancellationToken)).Select(PersonView.From), WorkflowJson.Options);

    public async Task<IResult> PutAsync(HttpRequest request, string signIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(signIn) || signIn.Trim().Length > MaxSignIn)
        {
            return Problems.Validation("signIn", Phrase.Of("error.aSignInNameOfAtMost", ("max", MaxSignIn)));
        }

        var (body, problem) = await RequestReader.ReadJsonAsync<PersonRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var name = body!.Name?.Trim();
        errors.Require(!string.IsNullOrEmpty(name) && name.Length <= MaxName, "name", Phrase.Of("error.aDisplayNameOfAtMost", ("max", MaxName)));
        var roles = Roles.None;
        foreach (var role in body.Roles ?? [])
        {
            if (RoleNames.TryParse(role, out var parsed))
            {
                roles |= parsed;
            }
            else
            {
                errors.Add("roles", Phrase.Of("error.rolesAreOneOf", ("roles", string.Join(", ", RoleNames.Names))));
            }
        }

        errors.Require(roles != Roles.None, "roles", Phrase.Of("error.atLeastOneRoleIsNeeded"));
        var units = (body.Units ?? []).Select(u => u?.Trim()).ToList();
        errors.Require(units.All(u => !string.IsNullOrEmpty(u) && u.Length <= MaxName) && units.Count <= MaxUnits, "units", Phrase.Of("error.unitNamesOfAtMost", ("max", MaxName), ("count", MaxUnits)));
        errors.Require(!roles.HasFlag(Roles.Officer) || units.Count > 0, "units", Phrase.Of("error.anOfficerNeedsAUnit"));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToList());
        }

        var person = new Person(
            PersonKeys.Normalize(signIn), name!, roles, [.. units.Select(u => u!).Distinct(StringComparer.OrdinalIgnoreCase)],
            clock.GetUtcNow(), request.Caller().Author);
        await people.PutAsync(person, cancellationToken);
        LogChanged(logger, person.UpdatedBy.Id, roles);
        return Results.Json(PersonView.From(person), WorkflowJson.Options);
    }

    public async Task<IResult> RemoveAsync(HttpRequest request, string signIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(signIn) || signIn.Length > MaxSignIn || !await people.RemoveAsync(signIn, cancellationToken))
        {
            return Problems.NotFound(Phrase.Of("problem.noSuchPerson"));
        }

        var by = request.Caller().Id;
        LogRemoved(logger, by);
        return Results.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A person was added or changed by {By} (roles {Roles}).")]
    private static partial void LogChanged(ILogger logger, string by, Roles roles);

    [LoggerMessage(Level = LogLevel.Information, Message = "A person was removed by {By}.")]
    private static partial void LogRemoved(ILogger logger, string by);
}
