using System.Globalization;
using Workflow.Complaints.Deadlines;
using Workflow.Complaints.Rules;
using Workflow.Text;
using Workflow.Units;

namespace Workflow.Complaints.Cases;

/// <summary>
/// What may happen to a complaint case (SPEC §3, §4): registration and the accept, extend, resolve and withdraw
/// transitions. Each is a pure function of the case, the request and the rule set in force, answering the new case
/// or why not (a field error → 400, a wrong state → 409). No HTTP, no storage: the handler reads the request,
/// the repository applies the change under the case's ETag.
/// </summary>
public static class CaseActions
{
    public const int MaxCode = 64;
    public const int MaxUnit = 200;
    public const int MaxSubject = 500;
    public const int MaxDecisionNo = 100;
    public const int MaxReason = 500;
    public const int MaxOfficers = 10;

    /// <summary>A new case from <c>POST /api/complaints</c>, counted under the rule set in force on its receipt date.</summary>
    public static Outcome<ComplaintCase> Register(RegisterCaseRequest body, ComplaintRules rules, string id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<ValidationError>();
        var code = body.Code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > MaxCode || !TextRules.IsSingleLine(code))
        {
            errors.Add(new("code", $"Cần mã hồ sơ trên một dòng (tối đa {MaxCode} ký tự) / The case code is needed, on one line (at most {MaxCode} characters)."));
        }

        if (body.Kind is null)
        {
            errors.Add(new("kind", "Cần loại vụ việc: firstComplaint, secondComplaint, denunciation hoặc petition / kind is needed: firstComplaint, secondComplaint, denunciation or petition."));
        }

        if (body.ReceivedOn is null)
        {
            errors.Add(new("receivedOn", "Cần ngày nhận đơn (yyyy-MM-dd) / The receipt date (yyyy-MM-dd) is needed."));
        }

        var unit = body.HandlingUnit?.Trim();
        if (string.IsNullOrEmpty(unit) || unit.Length > MaxUnit || !TextRules.IsSingleLine(unit))
        {
            errors.Add(new("handlingUnit", $"Cần đơn vị xử lý trên một dòng (tối đa {MaxUnit} ký tự) / The handling unit is needed, on one line (at most {MaxUnit} characters)."));
        }

        var officers = (body.OfficerEmails ?? []).Select(e => e?.Trim() ?? string.Empty).ToList();
        if (officers.Count is 0 or > MaxOfficers)
        {
            errors.Add(new("officerEmails", $"Cần 1–{MaxOfficers} email cán bộ thụ lý / 1 to {MaxOfficers} officer emails are needed."));
        }

        for (var i = 0; i < officers.Count && i < MaxOfficers; i++)
        {
            if (!UnitValidation.IsEmail(officers[i]))
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"officerEmails[{i}]"), "Địa chỉ email không hợp lệ / Not a valid email address."));
            }
        }

        var subject = body.Subject?.Trim();
        if (subject is { Length: > MaxSubject } || !TextRules.IsSingleLine(subject))
        {
            errors.Add(new("subject", $"Trích yếu trên một dòng, tối đa {MaxSubject} ký tự / The subject is one line of at most {MaxSubject} characters."));
        }

        if (body.Kind == CaseKind.Petition && body.AcceptedOn is not null)
        {
            errors.Add(new("acceptedOn", "Kiến nghị, phản ánh không có bước thụ lý / A petition has no acceptance stage."));
        }

        if (errors.Count > 0)
        {
            return Outcome<ComplaintCase>.Invalid(errors);
        }

        var ruleSet = rules.ForReceipt(body.ReceivedOn!.Value);
        if (ruleSet is null)
        {
            return Outcome<ComplaintCase>.Invalid("receivedOn", $"Không có bộ quy tắc '{rules.RuleSetName}' áp dụng cho ngày này / No version of rule set '{rules.RuleSetName}' is in force on that date.");
        }

        var c = new ComplaintCase(
            id, code!, body.Kind!.Value, body.ReceivedOn.Value, body.AcceptedOn,
            body.Complex ?? false, body.EspeciallyComplex ?? false, body.RemoteArea ?? false, body.SeveralPlaces ?? false,
            unit!, [.. officers.Distinct(StringComparer.OrdinalIgnoreCase)], string.IsNullOrEmpty(subject) ? null : subject,
            CaseStatus.Open, new RuleSetRef(ruleSet.Name, ruleSet.EffectiveFrom), [], null, null, null, null, now);
        var problems = CaseDeadlines.Validate(c.Facts, ruleSet);
        return problems.Count > 0 ? Outcome<ComplaintCase>.Invalid(problems) : Outcome<ComplaintCase>.Done(c);
    }

    /// <summary><c>accept {acceptedOn, complex?, especiallyComplex?}</c>: the acceptance (thụ lý) starts the resolution clock.</summary>
    public static Outcome<ComplaintCase> Accept(ComplaintCase c, AcceptRequest body, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(body);
        if (Closed(c) is { } closed)
        {
            return closed;
        }

        if (c.Kind == CaseKind.Petition)
        {
            return Outcome<ComplaintCase>.Conflict("Kiến nghị, phản ánh không có bước thụ lý / A petition has no acceptance stage.");
        }

        if (c.AcceptedOn is { } already)
        {
            return Outcome<ComplaintCase>.Conflict($"Vụ việc đã được thụ lý ngày {Iso(already)} / The case was already accepted on {Iso(already)}.");
        }

        if (body.AcceptedOn is null)
        {
            return Outcome<ComplaintCase>.Invalid("acceptedOn", "Cần ngày thụ lý (yyyy-MM-dd) / The acceptance date (yyyy-MM-dd) is needed.");
        }

        var updated = c with
        {
            AcceptedOn = body.AcceptedOn,
            Complex = body.Complex ?? c.Complex,
            EspeciallyComplex = body.EspeciallyComplex ?? c.EspeciallyComplex,
        };
        var errors = CaseDeadlines.Validate(updated.Facts, rules);
        return errors.Count > 0 ? Outcome<ComplaintCase>.Invalid(errors) : Outcome<ComplaintCase>.Done(updated);
    }

    /// <summary><c>extend {decisionNo, decidedOn, days}</c>: a denunciation's resolution extension decision (<see cref="ExtensionRules"/>).</summary>
    public static Outcome<ComplaintCase> Extend(ComplaintCase c, ExtendRequest body, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(body);
        if (Closed(c) is { } closed)
        {
            return closed;
        }

        if (ExtensionRules.Bar(c.Facts, rules, c.Extensions.Count + 1) is { } bar)
        {
            return bar.Reason == ExtensionBarReason.NotADenunciation
                ? Outcome<ComplaintCase>.Invalid("kind", bar.Message)
                : Outcome<ComplaintCase>.Conflict(bar.Message);
        }

        var errors = new List<ValidationError>();
        if (body.DecidedOn is null)
        {
            errors.Add(new("decidedOn", "Cần ngày quyết định (yyyy-MM-dd) / The decision date (yyyy-MM-dd) is needed."));
        }

        if (body.Days is null)
        {
            errors.Add(new("days", "Cần số ngày gia hạn / The number of days is needed."));
        }

        if (!TextRules.IsSingleLine(body.DecisionNo))
        {
            errors.Add(new("decisionNo", TextRules.SingleLineMessage));
        }

        if (errors.Count > 0)
        {
            return Outcome<ComplaintCase>.Invalid(errors);
        }

        var extension = new Extension(body.DecisionNo?.Trim() ?? string.Empty, body.DecidedOn!.Value, body.Days!.Value);
        var problems = ExtensionRules.ValidateProposed(c.Facts, rules, extension);
        return problems.Count > 0
            ? Outcome<ComplaintCase>.Invalid(problems)
            : Outcome<ComplaintCase>.Done(c with { Extensions = [.. c.Extensions, extension] });
    }

    /// <summary><c>resolve {resolvedOn, decisionNo}</c>: closes the case (a petition needs no decision number).</summary>
    public static Outcome<ComplaintCase> Resolve(ComplaintCase c, ResolveRequest body)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(body);
        if (Closed(c) is { } closed)
        {
            return closed;
        }

        if (c.Kind != CaseKind.Petition && c.AcceptedOn is null)
        {
            return Outcome<ComplaintCase>.Conflict("Vụ việc chưa được thụ lý / The case has not been accepted yet.");
        }

        var errors = new List<ValidationError>();
        var from = c.AcceptedOn ?? c.ReceivedOn;
        if (body.ResolvedOn is null)
        {
            errors.Add(new("resolvedOn", "Cần ngày giải quyết (yyyy-MM-dd) / The resolution date (yyyy-MM-dd) is needed."));
        }
        else if (body.ResolvedOn < from)
        {
            errors.Add(new("resolvedOn", $"Ngày giải quyết không được trước {Iso(from)} / The resolution date cannot be before {Iso(from)}."));
        }

        var decisionNo = body.DecisionNo?.Trim();
        if ((string.IsNullOrEmpty(decisionNo) ? c.Kind != CaseKind.Petition : decisionNo.Length > MaxDecisionNo) || !TextRules.IsSingleLine(decisionNo))
        {
            errors.Add(new("decisionNo", $"Cần số quyết định trên một dòng (tối đa {MaxDecisionNo} ký tự) / A decision number of at most {MaxDecisionNo} characters, on one line, is needed."));
        }

        return errors.Count > 0
            ? Outcome<ComplaintCase>.Invalid(errors)
            : Outcome<ComplaintCase>.Done(c with { Status = CaseStatus.Resolved, ResolvedOn = body.ResolvedOn, DecisionNo = string.IsNullOrEmpty(decisionNo) ? null : decisionNo });
    }

    /// <summary><c>withdraw {withdrawnOn, reason?}</c>: the citizen withdrew the complaint.</summary>
    public static Outcome<ComplaintCase> Withdraw(ComplaintCase c, WithdrawRequest body)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(body);
        if (Closed(c) is { } closed)
        {
            return closed;
        }

        var errors = new List<ValidationError>();
        if (body.WithdrawnOn is null)
        {
            errors.Add(new("withdrawnOn", "Cần ngày rút đơn (yyyy-MM-dd) / The withdrawal date (yyyy-MM-dd) is needed."));
        }
        else if (body.WithdrawnOn < c.ReceivedOn)
        {
            errors.Add(new("withdrawnOn", "Ngày rút đơn không được trước ngày nhận đơn / The withdrawal date cannot be before the receipt date."));
        }

        var reason = body.Reason?.Trim();
        if (reason is { Length: > MaxReason } || !TextRules.IsMultiLine(reason))
        {
            errors.Add(new("reason", $"Lý do tối đa {MaxReason} ký tự / The reason is at most {MaxReason} characters."));
        }

        return errors.Count > 0
            ? Outcome<ComplaintCase>.Invalid(errors)
            : Outcome<ComplaintCase>.Done(c with { Status = CaseStatus.Withdrawn, WithdrawnOn = body.WithdrawnOn, WithdrawalReason = string.IsNullOrEmpty(reason) ? null : reason });
    }

    private static Outcome<ComplaintCase>? Closed(ComplaintCase c) => c.Status == CaseStatus.Open
        ? null
        : Outcome<ComplaintCase>.Conflict(c.Status == CaseStatus.Resolved
            ? "Vụ việc đã được giải quyết / The case is resolved."
            : "Vụ việc đã được rút / The case is withdrawn.");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
