using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Http;

namespace Workflow.Units;

/// <summary>
/// <c>PUT /api/units</c> (replace the registry; each unit added or changed is stamped with the caller and the time) and
/// <c>GET /api/units</c> (each unit with <c>updatedAt</c>, <c>updatedBy: {id, name}</c>), the same in both hosts.
/// </summary>
public sealed partial class UnitApi(UnitStore unitStore, TimeProvider time, ILogger<UnitApi> logger)
{
    /// <summary>Takes a JSON array of units or an object <c>{units: [...], note?}</c> (the sample file's shape).</summary>
    public async Task<IResult> PutAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (root, problem) = await RequestReader.ReadJsonRootAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        IReadOnlyList<OrgUnit?>? units;
        if (root.ValueKind == JsonValueKind.Array)
        {
            (var list, problem) = RequestReader.Bind<List<OrgUnit?>>(root);
            units = list;
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            (var wrapped, problem) = RequestReader.Bind<UnitList>(root);
            units = wrapped?.Units;
        }
        else
        {
            return Problems.Validation("body", Phrase.Of("error.anArrayOfUnitsOrUnitsIs"));
        }

        if (problem is not null)
        {
            return problem;
        }

        if (units is null)
        {
            return Problems.Validation("units", Phrase.Of("error.aListOfUnitsIsNeeded"));
        }

        var errors = UnitValidation.Validate(units);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var clean = units.Select(u => new OrgUnit(
                u!.Name.Trim(),
                u.Kind.Trim(),
                string.IsNullOrWhiteSpace(u.Parent) ? null : u.Parent.Trim(),
                u.ContactEmails.Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
        var result = await unitStore.ReplaceAllAsync(clean, request.Caller().Author, time.GetUtcNow(), cancellationToken);
        LogReplaced(logger, result.Units, result.Added, result.Updated, result.Removed);
        return Results.Json(result, WorkflowJson.Options);
    }

    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        Results.Json((await unitStore.ListEntriesAsync(cancellationToken)).Select(UnitView.From).ToList(), WorkflowJson.Options);

    [LoggerMessage(Level = LogLevel.Information, Message = "Units registry replaced: {Units} units, {Added} added, {Updated} updated, {Removed} removed")]
    private static partial void LogReplaced(ILogger logger, int units, int added, int updated, int removed);
}
