using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Complaints.Identity;
using Workflow.Http;
using Workflow.Units;

namespace Workflow.Complaints.Cases;

/// <summary>
/// The complaint endpoints of SPEC §4, the same in the Functions app and the local host. A request body is
/// parsed once (<see cref="RequestReader.ReadJsonRootAsync"/>); a denunciation's body goes through
/// <see cref="DenunciationIdentityGuard"/> before any other code reads it, and a refused body is neither stored
/// nor logged (logs carry the case id, code, kind, stage, unit and dates only). An officer reaches the cases of his
/// own handling units only: another unit's case answers 404 as if absent, in lists, reads and actions alike (the unit
/// is checked again inside the write, under the case's ETag); a leader reads every case (docs/security.md).
/// </summary>
public sealed partial class ComplaintApi(ComplaintStore complaintStore, ComplaintRules rules, TimeProvider time, ILogger<ComplaintApi> logger)
{
    public const int MaxList = 1000;
    public const int MaxDueWithinDays = 3650;

    private static Phrase FormOnly => Phrase.Of("error.onlyTheFieldsOfTheCaseForm");

    /// <summary><c>POST /api/complaints</c>: 201 with the case, its deadlines and <c>Location</c>.</summary>
    public async Task<IResult> RegisterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (root, problem) = await RequestReader.ReadJsonRootAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }


        // First of all: the identity guard (and, for every kind, the case form's fields only).
        var guard = DenunciationIdentityGuard.Inspect(root);
        if (!guard.IsAccepted)
        {
            if (!IsOtherKind(root))
            {
                LogDenunciationRefused(logger, guard.Refused.Count);
                return Problems.Validation(guard.ToProblemErrors(), guard.Reason);
            }

            return Problems.Validation(guard.Refused.GroupBy(r => r.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, _ => new[] { Phrase.Of("error.notACaseField") }, StringComparer.Ordinal), FormOnly);
        }

        (var body, problem) = RequestReader.Bind<RegisterCaseRequest>(root);
        if (problem is not null)
        {
            return problem;
        }

        await rules.EnsureHolidaysAsync(cancellationToken);
        var outcome = CaseActions.Register(body!, rules, ComplaintStore.NewCaseId(), time.GetUtcNow(), request.Caller().Author);
        if (!outcome.IsDone)
        {
            return Problems.From(outcome, _ => Results.Empty);
        }

        var c = outcome.Value!;
        if (!request.Caller().HandlesUnit(c.HandlingUnit))
        {
            return Problems.Forbidden("handlingUnit", Phrase.Of("error.thisUnitIsNotYours"));
        }

        var today = rules.Today();
        var holder = await complaintStore.TryCreateAsync(c, rules.OpenDeadlines(c, today), cancellationToken);
        if (holder is not null)
        {
            return Problems.Conflict(Phrase.Of("error.theCodeIsAlreadyRegisteredCase", ("code", c.Code), ("holder", holder)));
        }

        var kindName = ComplaintVocabulary.Name(c.Kind);
        LogRegistered(logger, c.Id, c.Code, kindName, c.ReceivedOn);
        request.HttpContext.Response.Headers.Location = $"/api/complaints/{c.Id}";
        return Results.Json(View(c, today), WorkflowJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /api/complaints/{id}</c>.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await complaintStore.GetAsync(id, cancellationToken);
        if (found is null || !request.Caller().SeesUnit(found.Value.Case.HandlingUnit))
        {
            return NotFound(id);
        }

        await rules.EnsureHolidaysAsync(cancellationToken);
        return Results.Json(View(found.Value.Case, rules.Today()), WorkflowJson.Options);
    }

    /// <summary>
    /// <c>GET /api/complaints?status=open&amp;dueWithinDays=N</c>: with <c>dueWithinDays</c>, the open cases with a stage due
    /// within N days or overdue, read through the deadline index (soonest first); otherwise the cases in that status.
    /// </summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        CaseStatus? status = null;
        var statusText = request.Query["status"].ToString();
        if (statusText.Length > 0)
        {
            status = statusText switch
            {
                "open" => CaseStatus.Open,
                "resolved" => CaseStatus.Resolved,
                "withdrawn" => CaseStatus.Withdrawn,
                _ => null,
            };
            if (status is null)
            {
                errors.Add(new("status", Phrase.Of("error.statusIsOpenResolvedOrWithdrawn")));
            }
        }

        int? within = null;
        var withinText = request.Query["dueWithinDays"].ToString();
        if (withinText.Length > 0)
        {
            // Digits only: int.TryParse also takes trailing NUL characters.
            if (withinText.All(char.IsAsciiDigit) && int.TryParse(withinText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxDueWithinDays)
            {
                within = n;
            }
            else
            {
                errors.Add(new("dueWithinDays", Phrase.Of("error.aWholeNumberOfDaysFrom0", ("maxDueWithinDays", MaxDueWithinDays))));
            }

            if (status is CaseStatus.Resolved or CaseStatus.Withdrawn)
            {
                errors.Add(new("dueWithinDays", Phrase.Of("error.appliesToOpenCasesOnly")));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await rules.EnsureHolidaysAsync(cancellationToken);
        var today = rules.Today();
        var caller = request.Caller();
        if (within is null)
        {
            var cases = await complaintStore.ListAsync(status, MaxList, cancellationToken, caller.SeesUnit);
            return Results.Json(cases.Where(p => caller.SeesUnit(p.Case.HandlingUnit)).Select(p => View(p.Case, today)).ToList(), WorkflowJson.Options);
        }

        var rows = await complaintStore.ReadIndexUpToAsync(today.AddDays(within.Value), cancellationToken);
        var ids = rows.Where(r => caller.SeesUnit(r.HandlingUnit)).GroupBy(r => r.CaseId, StringComparer.Ordinal)
            .OrderBy(g => g.Min(r => r.Due)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).Take(MaxList).ToList();
        var found = new (ComplaintCase Case, Azure.ETag ETag)?[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            found[i] = await complaintStore.GetAsync(ids[i], ct));
        return Results.Json(
            found.Where(f => f is { Case.Status: CaseStatus.Open } && caller.SeesUnit(f.Value.Case.HandlingUnit)).Select(f => View(f!.Value.Case, today)).ToList(),
            WorkflowJson.Options);
    }

    /// <summary><c>POST .../accept {acceptedOn, complex?, especiallyComplex?}</c>.</summary>
    public Task<IResult> AcceptAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<AcceptRequest>(request, id, "accept", (c, body, act) => CaseActions.Accept(c, body, rules.Of(c), act), cancellationToken);

    /// <summary><c>POST .../extend {decisionNo, decidedOn, days}</c>: a denunciation's resolution extension decision.</summary>
    public Task<IResult> ExtendAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<ExtendRequest>(request, id, "extend", (c, body, act) => CaseActions.Extend(c, body, rules.Of(c), act), cancellationToken);

    /// <summary><c>POST .../resolve {resolvedOn, decisionNo}</c>.</summary>
    public Task<IResult> ResolveAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<ResolveRequest>(request, id, "resolve", CaseActions.Resolve, cancellationToken);

    /// <summary><c>POST .../withdraw {withdrawnOn, reason?}</c>.</summary>
    public Task<IResult> WithdrawAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<WithdrawRequest>(request, id, "withdraw", CaseActions.Withdraw, cancellationToken);

    /// <summary>
    /// Reads an action's body, refuses a denouncer's identity fields with the legal reason (before anything else reads
    /// them), then lets the complaintStore apply the domain action under the case's ETag, with the history line of the
    /// caller (<see cref="CaseAct"/>) in the same write.
    /// </summary>
    private async Task<IResult> ChangeAsync<T>(
        HttpRequest request,
        string id,
        string action,
        Func<ComplaintCase, T, CaseAct, Outcome<ComplaintCase>> apply,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ResourceIds.IsValid(id))
        {
            return NotFound(id);
        }

        var (root, problem) = await RequestReader.ReadJsonRootAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = request.Caller();
        var found = await complaintStore.GetAsync(id, cancellationToken);
        if (found is null || !caller.HandlesUnit(found.Value.Case.HandlingUnit))
        {
            return NotFound(id);
        }

        var kind = found.Value.Case.Kind;
        if (kind == CaseKind.Denunciation && IdentityRefusal(root, typeof(T)) is { } refused)
        {
            LogDenunciationRefused(logger, 1);
            return refused;
        }

        (var body, problem) = RequestReader.Bind<T>(root);
        if (problem is not null)
        {
            return problem;
        }

        await rules.EnsureHolidaysAsync(cancellationToken);
        var today = rules.Today();
        var act = new CaseAct(caller.Author, time.GetUtcNow());
        var outcome = await complaintStore.UpdateAsync(
            id, c => caller.HandlesUnit(c.HandlingUnit) ? apply(c, body!, act) : Outcome<ComplaintCase>.NotFound(ComplaintStore.NotFoundMessage(id)), c => rules.OpenDeadlines(c, today), cancellationToken);
        if (outcome.IsDone)
        {
            var kindName = ComplaintVocabulary.Name(kind);
            LogChanged(logger, id, outcome.Value!.Code, action, kindName);
        }

        return Problems.From(outcome, c => Results.Json(View(c, today), WorkflowJson.Options));
    }

    private CaseView View(ComplaintCase c, DateOnly today) => CaseView.From(c, rules.Deadlines(c, today));

    private static IResult NotFound(string id) => Problems.NotFound(ComplaintStore.NotFoundMessage(id));

    /// <summary>Whether the body names one of the kinds other than a denunciation (so a refusal is about the form, not the law on denunciation).</summary>
    private static bool IsOtherKind(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("kind", out var kind)
        && kind.ValueKind == JsonValueKind.String
        && (kind.ValueEquals("firstComplaint") || kind.ValueEquals("secondComplaint") || kind.ValueEquals("petition"));

    /// <summary>A denunciation's action body naming a person (a field outside the action's form that reads as identity) is refused with the legal reason.</summary>
    private static IResult? IdentityRefusal(JsonElement root, Type request)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var fields = WorkflowJson.Options.GetTypeInfo(request).Properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var errors = new Dictionary<string, Phrase[]>(StringComparer.Ordinal);
        var placeholder = 0;
        foreach (var property in root.EnumerateObject().Where(p => !fields.Contains(p.Name) && DenunciationIdentityGuard.IsIdentity(p.Name)))
        {
            // A name that is not a plain field name is not echoed: it may itself carry what must not be kept.
            var shown = property.Name.Length <= 64 && property.Name.All(c => char.IsAsciiLetter(c) || c is '_' or '-')
                ? property.Name
                : string.Create(CultureInfo.InvariantCulture, $"(field {++placeholder})");
            errors[shown] = [Phrase.Of("error.denouncerIdentityField")];
        }

        return errors.Count == 0 ? null : Problems.Validation(errors, DenunciationIdentityGuard.LegalReason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint case {CaseId} ({Code}, {Kind}) registered, received {ReceivedOn}")]
    private static partial void LogRegistered(ILogger logger, string caseId, string code, string kind, DateOnly receivedOn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint case {CaseId} ({Code}, {Kind}): {Action}")]
    private static partial void LogChanged(ILogger logger, string caseId, string code, string action, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A denunciation request was refused: {Fields} field(s) outside the case form or naming a person; nothing stored")]
    private static partial void LogDenunciationRefused(ILogger logger, int fields);
}
