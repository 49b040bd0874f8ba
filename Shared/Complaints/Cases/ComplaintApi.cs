using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workflow.Http;
using Workflow.Units;

namespace Workflow.Complaints;

/// <summary>
/// The complaint endpoints of SPEC §4, the same in the Functions app and the local host. A request body is
/// parsed once into a <see cref="JsonDocument"/>; a denunciation's body goes through
/// <see cref="DenunciationIdentityGuard"/> before any other code reads it, and a refused body is neither stored
/// nor logged (logs carry the case id, code, kind, stage, unit and dates only).
/// </summary>
public sealed partial class ComplaintApi(ComplaintRepository repository, ComplaintRules rules, TimeProvider time, ILogger<ComplaintApi> logger)
{
    public const int MaxList = 1000;
    public const int MaxDueWithinDays = 3650;

    private const string UnknownFieldVi = "Trường không thuộc mẫu hồ sơ nên không được nhận.";
    private const string UnknownFieldEn = "Not a case field, so it is not accepted.";
    private const string FormOnly = "Chỉ nhận các trường của mẫu hồ sơ / Only the fields of the case form are accepted.";

    private static readonly string[] AcceptFields = ["acceptedOn", "complex", "especiallyComplex"];
    private static readonly string[] ExtendFields = ["decisionNo", "decidedOn", "days"];
    private static readonly string[] ResolveFields = ["resolvedOn", "decisionNo"];
    private static readonly string[] WithdrawFields = ["withdrawnOn", "reason"];

    /// <summary><c>POST /api/complaints</c>: 201 with the case, its deadlines and <c>Location</c>.</summary>
    public async Task<IResult> RegisterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (document, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;

            // First of all: the identity guard (and, for every kind, the case form's fields only).
            var guard = DenunciationIdentityGuard.Inspect(root);
            if (!guard.IsAccepted)
            {
                if (!IsOtherKind(root))
                {
                    LogDenunciationRefused(logger, guard.Refused.Count);
                    return Problems.Validation(new Dictionary<string, string[]>(guard.ToProblemErrors(), StringComparer.Ordinal), $"{guard.ReasonVi} / {guard.ReasonEn}");
                }

                return Problems.Validation(guard.Refused.GroupBy(r => r.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, _ => new[] { UnknownFieldVi, UnknownFieldEn }, StringComparer.Ordinal), FormOnly);
            }

            if (!TryDeserialize<RegisterCaseRequest>(root, out var body, out problem))
            {
                return problem!;
            }

            await rules.EnsureHolidaysAsync(cancellationToken);
            var errors = new Errors();
            var c = ValidateRegistration(body!, errors);
            if (c is null)
            {
                return errors.ToProblem();
            }

            var today = rules.Today();
            var holder = await repository.TryCreateAsync(c, rules.OpenDeadlines(c, today), cancellationToken);
            if (holder is not null)
            {
                return Problems.Conflict($"Mã hồ sơ {c.Code} đã được đăng ký (vụ việc {holder}) / The code {c.Code} is already registered (case {holder}).");
            }

            var kindName = ComplaintVocabulary.Name(c.Kind);
            LogRegistered(logger, c.Id, c.Code, kindName, c.ReceivedOn);
            request.HttpContext.Response.Headers.Location = $"/api/complaints/{c.Id}";
            return Results.Json(View(c, today), WorkflowJson.Options, statusCode: StatusCodes.Status201Created);
        }
    }

    /// <summary><c>GET /api/complaints/{id}</c>.</summary>
    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await repository.GetAsync(id, cancellationToken);
        if (found is null)
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
        var errors = new Errors();
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
                errors.Add("status", "Trạng thái là open, resolved hoặc withdrawn / status is open, resolved or withdrawn.");
            }
        }

        int? within = null;
        var withinText = request.Query["dueWithinDays"].ToString();
        if (withinText.Length > 0)
        {
            if (int.TryParse(withinText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxDueWithinDays)
            {
                within = n;
            }
            else
            {
                errors.Add("dueWithinDays", $"Số ngày từ 0 đến {MaxDueWithinDays} / A whole number of days from 0 to {MaxDueWithinDays}.");
            }

            if (status is CaseStatus.Resolved or CaseStatus.Withdrawn)
            {
                errors.Add("dueWithinDays", "Chỉ dùng với vụ việc đang mở / Applies to open cases only.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await rules.EnsureHolidaysAsync(cancellationToken);
        var today = rules.Today();
        if (within is null)
        {
            var cases = await repository.ListAsync(status, MaxList, cancellationToken);
            return Results.Json(cases.Select(p => View(p.Case, today)).ToList(), WorkflowJson.Options);
        }

        var rows = await repository.ReadIndexUpToAsync(today.AddDays(within.Value), cancellationToken);
        var ids = rows.GroupBy(r => r.CaseId, StringComparer.Ordinal)
            .OrderBy(g => g.Min(r => r.Due)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).Take(MaxList).ToList();
        var found = new (ComplaintCase Case, Azure.ETag ETag)?[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            found[i] = await repository.GetAsync(ids[i], ct));
        return Results.Json(
            found.Where(f => f is { Case.Status: CaseStatus.Open }).Select(f => View(f!.Value.Case, today)).ToList(),
            WorkflowJson.Options);
    }

    /// <summary><c>POST .../accept {acceptedOn, complex?, especiallyComplex?}</c>.</summary>
    public Task<IResult> AcceptAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<AcceptRequest>(request, id, AcceptFields, "accept", (c, body, _) =>
        {
            if (Closed(c) is { } closed)
            {
                return (null, closed);
            }

            if (c.Kind == CaseKind.Petition)
            {
                return (null, Problems.Conflict("Kiến nghị, phản ánh không có bước thụ lý / A petition has no acceptance stage."));
            }

            if (c.AcceptedOn is { } already)
            {
                return (null, Problems.Conflict($"Vụ việc đã được thụ lý ngày {Iso(already)} / The case was already accepted on {Iso(already)}."));
            }

            if (body.AcceptedOn is null)
            {
                return (null, Problems.Validation("acceptedOn", "Cần ngày thụ lý (yyyy-MM-dd) / The acceptance date (yyyy-MM-dd) is needed."));
            }

            var updated = c with
            {
                AcceptedOn = body.AcceptedOn,
                Complex = body.Complex ?? c.Complex,
                EspeciallyComplex = body.EspeciallyComplex ?? c.EspeciallyComplex,
            };
            var errors = CaseDeadlines.Validate(updated.Facts, rules.Of(c));
            return errors.Count > 0 ? (null, Errors.From(errors).ToProblem()) : (updated, null);
        }, cancellationToken);

    /// <summary><c>POST .../extend {decisionNo, decidedOn, days}</c>: a denunciation's resolution extension decision.</summary>
    public Task<IResult> ExtendAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<ExtendRequest>(request, id, ExtendFields, "extend", (c, body, _) =>
        {
            if (Closed(c) is { } closed)
            {
                return (null, closed);
            }

            var ruleSet = rules.Of(c);
            if (!ruleSet.TryGetRule(c.Kind, Stage.Resolve, out var rule) || rule?.Extensions is not { } limits)
            {
                return (null, Problems.Validation("kind", "Chỉ đơn tố cáo mới được gia hạn giải quyết / Only a denunciation's resolution can be extended."));
            }

            if (c.AcceptedOn is null)
            {
                return (null, Problems.Conflict("Chưa thụ lý thì chưa thể gia hạn / A case must be accepted before it is extended."));
            }

            var allowed = limits.MaxCountFor(c.Facts);
            if (c.Extensions.Count >= allowed)
            {
                return (null, Problems.Conflict(allowed == 0
                    ? "Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn / Only a complex or especially complex denunciation can be extended."
                    : string.Create(CultureInfo.InvariantCulture, $"Vụ việc đã được gia hạn {c.Extensions.Count} lần, tối đa {allowed} / The case already has {c.Extensions.Count} of at most {allowed} extension(s).")));
            }

            var errors = new Errors();
            if (body.DecidedOn is null)
            {
                errors.Add("decidedOn", "Cần ngày quyết định (yyyy-MM-dd) / The decision date (yyyy-MM-dd) is needed.");
            }

            if (body.Days is null)
            {
                errors.Add("days", "Cần số ngày gia hạn / The number of days is needed.");
            }

            if (errors.Any)
            {
                return (null, errors.ToProblem());
            }

            var extension = new Extension(body.DecisionNo?.Trim() ?? string.Empty, body.DecidedOn!.Value, body.Days!.Value);
            var problems = ExtensionRules.ValidateProposed(c.Facts, ruleSet, extension);
            return problems.Count > 0
                ? (null, Errors.From(problems).ToProblem())
                : (c with { Extensions = [.. c.Extensions, extension] }, null);
        }, cancellationToken);

    /// <summary><c>POST .../resolve {resolvedOn, decisionNo}</c>.</summary>
    public Task<IResult> ResolveAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<ResolveRequest>(request, id, ResolveFields, "resolve", (c, body, _) =>
        {
            if (Closed(c) is { } closed)
            {
                return (null, closed);
            }

            if (c.Kind != CaseKind.Petition && c.AcceptedOn is null)
            {
                return (null, Problems.Conflict("Vụ việc chưa được thụ lý / The case has not been accepted yet."));
            }

            var errors = new Errors();
            var from = c.AcceptedOn ?? c.ReceivedOn;
            if (body.ResolvedOn is null)
            {
                errors.Add("resolvedOn", "Cần ngày giải quyết (yyyy-MM-dd) / The resolution date (yyyy-MM-dd) is needed.");
            }
            else if (body.ResolvedOn < from)
            {
                errors.Add("resolvedOn", $"Ngày giải quyết không được trước {Iso(from)} / The resolution date cannot be before {Iso(from)}.");
            }

            var decisionNo = body.DecisionNo?.Trim();
            if (string.IsNullOrEmpty(decisionNo) ? c.Kind != CaseKind.Petition : decisionNo.Length > 100)
            {
                errors.Add("decisionNo", "Cần số quyết định (tối đa 100 ký tự) / A decision number of at most 100 characters is needed.");
            }

            return errors.Any
                ? (null, errors.ToProblem())
                : (c with { Status = CaseStatus.Resolved, ResolvedOn = body.ResolvedOn, DecisionNo = string.IsNullOrEmpty(decisionNo) ? null : decisionNo }, null);
        }, cancellationToken);

    /// <summary><c>POST .../withdraw {withdrawnOn, reason?}</c>.</summary>
    public Task<IResult> WithdrawAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync<WithdrawRequest>(request, id, WithdrawFields, "withdraw", (c, body, _) =>
        {
            if (Closed(c) is { } closed)
            {
                return (null, closed);
            }

            var errors = new Errors();
            if (body.WithdrawnOn is null)
            {
                errors.Add("withdrawnOn", "Cần ngày rút đơn (yyyy-MM-dd) / The withdrawal date (yyyy-MM-dd) is needed.");
            }
            else if (body.WithdrawnOn < c.ReceivedOn)
            {
                errors.Add("withdrawnOn", "Ngày rút đơn không được trước ngày nhận đơn / The withdrawal date cannot be before the receipt date.");
            }

            var reason = body.Reason?.Trim();
            if (reason is { Length: > 500 })
            {
                errors.Add("reason", "Lý do tối đa 500 ký tự / The reason is at most 500 characters.");
            }

            return errors.Any
                ? (null, errors.ToProblem())
                : (c with { Status = CaseStatus.Withdrawn, WithdrawnOn = body.WithdrawnOn, WithdrawalReason = string.IsNullOrEmpty(reason) ? null : reason }, null);
        }, cancellationToken);

    private async Task<IResult> ChangeAsync<T>(
        HttpRequest request,
        string id,
        string[] fields,
        string action,
        Func<ComplaintCase, T, DateOnly, (ComplaintCase? Updated, IResult? Problem)> apply,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (document, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var found = await repository.GetAsync(id, cancellationToken);
                if (found is null)
                {
                    return NotFound(id);
                }

                var (c, etag) = found.Value;
                if (RefuseFields(document!.RootElement, fields, c.Kind == CaseKind.Denunciation) is { } refused)
                {
                    if (c.Kind == CaseKind.Denunciation)
                    {
                        LogDenunciationRefused(logger, 1);
                    }

                    return refused;
                }

                if (!TryDeserialize<T>(document.RootElement, out var body, out problem))
                {
                    return problem!;
                }

                await rules.EnsureHolidaysAsync(cancellationToken);
                var today = rules.Today();
                var (updated, refusal) = apply(c, body!, today);
                if (refusal is not null)
                {
                    return refusal;
                }

                if (await repository.TryUpdateAsync(updated!, etag, rules.OpenDeadlines(updated!, today), cancellationToken))
                {
                    var kindName = ComplaintVocabulary.Name(c.Kind);
                    LogChanged(logger, c.Id, c.Code, action, kindName);
                    return Results.Json(View(updated!, today), WorkflowJson.Options);
                }
            }

            return Problems.Conflict("Vụ việc vừa được thay đổi; vui lòng đọc lại và thử lại / The case changed meanwhile; read it again and retry.");
        }
    }

    private ComplaintCase? ValidateRegistration(RegisterCaseRequest body, Errors errors)
    {
        var code = body.Code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > 64 || code.Any(char.IsControl))
        {
            errors.Add("code", "Cần mã hồ sơ (tối đa 64 ký tự) / The case code (at most 64 characters) is needed.");
        }

        if (body.Kind is null)
        {
            errors.Add("kind", "Cần loại vụ việc: firstComplaint, secondComplaint, denunciation hoặc petition / kind is needed: firstComplaint, secondComplaint, denunciation or petition.");
        }

        if (body.ReceivedOn is null)
        {
            errors.Add("receivedOn", "Cần ngày nhận đơn (yyyy-MM-dd) / The receipt date (yyyy-MM-dd) is needed.");
        }

        var unit = body.HandlingUnit?.Trim();
        if (string.IsNullOrEmpty(unit) || unit.Length > 200)
        {
            errors.Add("handlingUnit", "Cần đơn vị xử lý (tối đa 200 ký tự) / The handling unit (at most 200 characters) is needed.");
        }

        var officers = (body.OfficerEmails ?? []).Select(e => e?.Trim() ?? string.Empty).ToList();
        if (officers.Count is 0 or > 10)
        {
            errors.Add("officerEmails", "Cần 1–10 email cán bộ thụ lý / 1 to 10 officer emails are needed.");
        }

        for (var i = 0; i < officers.Count; i++)
        {
            if (!UnitValidation.IsEmail(officers[i]))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"officerEmails[{i}]"), "Địa chỉ email không hợp lệ / Not a valid email address.");
            }
        }

        var subject = body.Subject?.Trim();
        if (subject is { Length: > 500 })
        {
            errors.Add("subject", "Trích yếu tối đa 500 ký tự / The subject is at most 500 characters.");
        }

        if (body.Kind == CaseKind.Petition && body.AcceptedOn is not null)
        {
            errors.Add("acceptedOn", "Kiến nghị, phản ánh không có bước thụ lý / A petition has no acceptance stage.");
        }

        if (errors.Any)
        {
            return null;
        }

        var ruleSet = rules.ForReceipt(body.ReceivedOn!.Value);
        if (ruleSet is null)
        {
            errors.Add("receivedOn", $"Không có bộ quy tắc '{rules.RuleSetName}' áp dụng cho ngày này / No version of rule set '{rules.RuleSetName}' is in force on that date.");
            return null;
        }

        var c = new ComplaintCase(
            ComplaintRepository.NewCaseId(), code!, body.Kind!.Value, body.ReceivedOn.Value, body.AcceptedOn,
            body.Complex ?? false, body.EspeciallyComplex ?? false, body.RemoteArea ?? false, body.SeveralPlaces ?? false,
            unit!, [.. officers.Distinct(StringComparer.OrdinalIgnoreCase)], string.IsNullOrEmpty(subject) ? null : subject,
            CaseStatus.Open, new RuleSetRef(ruleSet.Name, ruleSet.EffectiveFrom), [], null, null, null, null, time.GetUtcNow());
        foreach (var error in CaseDeadlines.Validate(c.Facts, ruleSet))
        {
            errors.Add(error.Field, error.Message);
        }

        return errors.Any ? null : c;
    }

    private CaseView View(ComplaintCase c, DateOnly today) => CaseView.From(c, rules.Deadlines(c, today));

    private static IResult? Closed(ComplaintCase c) => c.Status == CaseStatus.Open
        ? null
        : Problems.Conflict($"Vụ việc đã {(c.Status == CaseStatus.Resolved ? "được giải quyết" : "được rút")} / The case is {(c.Status == CaseStatus.Resolved ? "resolved" : "withdrawn")}.");

    private static IResult NotFound(string id) => Problems.NotFound($"Không có vụ việc {Shown(id)} / No case {Shown(id)}.");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whether the body names one of the kinds other than a denunciation (so a refusal is about the form, not the law on denunciation).</summary>
    private static bool IsOtherKind(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("kind", out var kind)
        && kind.ValueKind == JsonValueKind.String
        && (kind.ValueEquals("firstComplaint") || kind.ValueEquals("secondComplaint") || kind.ValueEquals("petition"));

    /// <summary>An action body may carry its own fields only; a denunciation's identity fields are refused with the legal reason.</summary>
    private static IResult? RefuseFields(JsonElement root, string[] allowed, bool denunciation)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("body", "Cần một đối tượng JSON / A JSON object is expected.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var identity = false;
        var placeholder = 0;
        foreach (var property in root.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
        {
            var isIdentity = denunciation && DenunciationIdentityGuard.IsIdentity(property.Name);
            identity |= isIdentity;
            var shown = PlainField().IsMatch(property.Name) ? property.Name : string.Create(CultureInfo.InvariantCulture, $"(field {++placeholder})");
            errors[shown] = isIdentity
                ? ["Trường nhân thân người tố cáo không được phép (Luật Tố cáo 2018, Điều 9, 47–48).", "A denouncer's identity is not accepted (Law on Denunciation 2018, Art. 9, 47–48)."]
                : [UnknownFieldVi, UnknownFieldEn];
        }

        return errors.Count == 0
            ? null
            : Problems.Validation(errors, identity ? $"{DenunciationIdentityGuard.LegalReasonVi} / {DenunciationIdentityGuard.LegalReasonEn}" : FormOnly);
    }

    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return (document, null);
        }
        catch (JsonException)
        {
            // The parser's message may quote the body; it is not echoed.
            return (null, Problems.Validation("body", "Cần nội dung JSON hợp lệ / A valid JSON body is required."));
        }
    }

    private static bool TryDeserialize<T>(JsonElement root, out T? value, out IResult? problem)
        where T : class
    {
        try
        {
            value = root.Deserialize<T>(WorkflowJson.Options);
            problem = value is null ? Problems.Validation("body", "Cần một đối tượng JSON / A JSON object is expected.") : null;
            return value is not null;
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 0 } path ? path.TrimStart('$', '.') : string.Empty;
            value = null;
            problem = Problems.Validation(field.Length == 0 ? "body" : field, "Giá trị không đúng kiểu (ngày dạng yyyy-MM-dd, true/false, số) / Not a valid value here (dates as yyyy-MM-dd, true/false, numbers).");
            return false;
        }
    }

    private static string Shown(string id) => id.Length <= 32 && id.All(char.IsAsciiLetterOrDigit) ? id : "(?)";

    [GeneratedRegex("^[A-Za-z_][A-Za-z_\\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainField();

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint case {CaseId} ({Code}, {Kind}) registered, received {ReceivedOn}")]
    private static partial void LogRegistered(ILogger logger, string caseId, string code, string kind, DateOnly receivedOn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint case {CaseId} ({Code}, {Kind}): {Action}")]
    private static partial void LogChanged(ILogger logger, string caseId, string code, string action, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A denunciation request was refused: {Fields} field(s) outside the case form or naming a person; nothing stored")]
    private static partial void LogDenunciationRefused(ILogger logger, int fields);

    /// <summary>An <c>errors</c> map being built.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _map = new(StringComparer.Ordinal);

        public bool Any => _map.Count > 0;

        public static Errors From(IEnumerable<ValidationError> errors)
        {
            var result = new Errors();
            foreach (var error in errors)
            {
                result.Add(error.Field, error.Message);
            }

            return result;
        }

        public void Add(string field, string message)
        {
            if (!_map.TryGetValue(field, out var list))
            {
                _map[field] = list = [];
            }

            list.Add(message);
        }

        public IResult ToProblem() => Problems.Validation(_map.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }
}
