using Workflow.Access;
using Workflow.Complaints.Deadlines;
using Workflow.Complaints.Rules;
using Workflow.Units;

namespace Workflow.Complaints.Cases;

/// <summary>
/// What may happen to a complaint case (SPEC §3, §4): registration and the accept, extend, resolve and withdraw
/// transitions. Each is a pure function of the case, the request and the rule set in force, answering the new case
/// or why not (a field error → 400, a wrong state → 409), with its line in the case's history (<see cref="CaseHistory"/>:
/// who, when, what) written in the same change. No HTTP, no storage: the handler reads the request and passes the
/// author, the store applies the change under the case's ETag.
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
    public static Outcome<ComplaintCase> Register(RegisterCaseRequest body, ComplaintRules rules, string id, DateTimeOffset now, Author by)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(by);
        var errors = new List<ValidationError>();
        var code = body.Code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > MaxCode || !TextRules.IsSingleLine(code))
        {
            errors.Add(new("code", Phrase.Of("error.theCaseCodeIsNeededOnOne", ("maxCode", MaxCode))));
        }

        if (body.Kind is null)
        {
            errors.Add(new("kind", Phrase.Of("error.kindIsNeededFirstcomplaintSecondcomplaintDenunciationOr")));
        }

        if (body.ReceivedOn is null)
        {
            errors.Add(new("receivedOn", Phrase.Of("error.theReceiptDateYyyyMmDdIs")));
        }

        var unit = body.HandlingUnit?.Trim();
        if (string.IsNullOrEmpty(unit) || unit.Length > MaxUnit || !TextRules.IsSingleLine(unit))
        {
            errors.Add(new("handlingUnit", Phrase.Of("error.theHandlingUnitIsNeededOnOne", ("maxUnit", MaxUnit))));
        }

        var officers = (body.OfficerEmails ?? []).Select(e => e?.Trim() ?? string.Empty).ToList();
        if (officers.Count is 0 or > MaxOfficers)
        {
            errors.Add(new("officerEmails", Phrase.Of("error.1ToOfficerEmailsAreNeeded", ("maxOfficers", MaxOfficers))));
        }

        for (var i = 0; i < officers.Count && i < MaxOfficers; i++)
        {
            if (!UnitValidation.IsEmail(officers[i]))
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"officerEmails[{i}]"), Phrase.Of("error.notAValidEmailAddress")));
            }
        }

        var subject = body.Subject?.Trim();
        if (subject is { Length: > MaxSubject } || !TextRules.IsSingleLine(subject))
        {
            errors.Add(new("subject", Phrase.Of("error.theSubjectIsOneLineOfAt", ("maxSubject", MaxSubject))));
        }

        if (body.Kind == CaseKind.Petition && body.AcceptedOn is not null)
        {
            errors.Add(new("acceptedOn", Phrase.Of("error.aPetitionHasNoAcceptanceStage")));
        }

        if (errors.Count > 0)
        {
            return Outcome<ComplaintCase>.Invalid(errors);
        }

        var ruleSet = rules.ForReceipt(body.ReceivedOn!.Value);
        if (ruleSet is null)
        {
            return Outcome<ComplaintCase>.Invalid("receivedOn", Phrase.Of("error.noVersionOfRuleSetIsIn", ("ruleSetName", rules.RuleSetName)));
        }

        var c = new ComplaintCase(
            id, code!, body.Kind!.Value, body.ReceivedOn.Value, body.AcceptedOn,
            body.Complex ?? false, body.EspeciallyComplex ?? false, body.RemoteArea ?? false, body.SeveralPlaces ?? false,
            unit!, [.. officers.Distinct(StringComparer.OrdinalIgnoreCase)], string.IsNullOrEmpty(subject) ? null : subject,
            CaseStatus.Open, new RuleSetRef(ruleSet.Name, ruleSet.EffectiveFrom), [], null, null, null, null, now);
        return Outcome<ComplaintCase>.DoneUnless(CaseDeadlines.Validate(c.Facts, ruleSet), CaseHistory.Record(c, by, now, CaseHistory.Registered));
    }

    /// <summary><c>accept {acceptedOn, complex?, especiallyComplex?}</c>: the acceptance (thụ lý) starts the resolution clock.</summary>
    public static Outcome<ComplaintCase> Accept(ComplaintCase c, AcceptRequest body, RuleSet rules, CaseAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (Closed(c, body) is { } closed)
        {
            return closed;
        }

        if (c.Kind == CaseKind.Petition)
        {
            return Outcome<ComplaintCase>.Conflict(Phrase.Of("error.aPetitionHasNoAcceptanceStage"));
        }

        if (c.AcceptedOn is { } already)
        {
            return Outcome<ComplaintCase>.Conflict(Phrase.Of("error.theCaseWasAlreadyAcceptedOn", ("already", Iso(already))));
        }

        if (body.AcceptedOn is null)
        {
            return Outcome<ComplaintCase>.Invalid("acceptedOn", Phrase.Of("error.theAcceptanceDateYyyyMmDdIs"));
        }

        var updated = c with
        {
            AcceptedOn = body.AcceptedOn,
            Complex = body.Complex ?? c.Complex,
            EspeciallyComplex = body.EspeciallyComplex ?? c.EspeciallyComplex,
        };
        return Outcome<ComplaintCase>.DoneUnless(CaseDeadlines.Validate(updated.Facts, rules), act.Record(updated, CaseHistory.Accepted));
    }

    /// <summary><c>extend {decisionNo, decidedOn, days}</c>: a denunciation's resolution extension decision (<see cref="ExtensionRules"/>).</summary>
    public static Outcome<ComplaintCase> Extend(ComplaintCase c, ExtendRequest body, RuleSet rules, CaseAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (Closed(c, body) is { } closed)
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
            errors.Add(new("decidedOn", Phrase.Of("error.theDecisionDateYyyyMmDdIs")));
        }

        if (body.Days is null)
        {
            errors.Add(new("days", Phrase.Of("error.theNumberOfDaysIsNeeded")));
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
        return Outcome<ComplaintCase>.DoneUnless(ExtensionRules.ValidateProposed(c.Facts, rules, extension), act.Record(c with { Extensions = [.. c.Extensions, extension] }, CaseHistory.Extended));
    }

    /// <summary><c>resolve {resolvedOn, decisionNo}</c>: closes the case (a petition needs no decision number).</summary>
    public static Outcome<ComplaintCase> Resolve(ComplaintCase c, ResolveRequest body, CaseAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (Closed(c, body) is { } closed)
        {
            return closed;
        }

        if (c.Kind != CaseKind.Petition && c.AcceptedOn is null)
        {
            return Outcome<ComplaintCase>.Conflict(Phrase.Of("error.theCaseHasNotBeenAcceptedYet"));
        }

        var errors = new List<ValidationError>();
        var from = c.AcceptedOn ?? c.ReceivedOn;
        if (body.ResolvedOn is null)
        {
            errors.Add(new("resolvedOn", Phrase.Of("error.theResolutionDateYyyyMmDdIs")));
        }
        else if (body.ResolvedOn < from)
        {
            errors.Add(new("resolvedOn", Phrase.Of("error.theResolutionDateCannotBeBefore", ("from", Iso(from)))));
        }

        var decisionNo = body.DecisionNo?.Trim();
        if ((string.IsNullOrEmpty(decisionNo) ? c.Kind != CaseKind.Petition : decisionNo.Length > MaxDecisionNo) || !TextRules.IsSingleLine(decisionNo))
        {
            errors.Add(new("decisionNo", Phrase.Of("error.aDecisionNumberOfAtMostCharacters", ("maxDecisionNo", MaxDecisionNo))));
        }

        return Outcome<ComplaintCase>.DoneUnless(
            errors,
            act.Record(c with { Status = CaseStatus.Resolved, ResolvedOn = body.ResolvedOn, DecisionNo = string.IsNullOrEmpty(decisionNo) ? null : decisionNo }, CaseHistory.Resolved));
    }

    /// <summary><c>withdraw {withdrawnOn, reason?}</c>: the citizen withdrew the complaint.</summary>
    public static Outcome<ComplaintCase> Withdraw(ComplaintCase c, WithdrawRequest body, CaseAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (Closed(c, body) is { } closed)
        {
            return closed;
        }

        var errors = new List<ValidationError>();
        if (body.WithdrawnOn is null)
        {
            errors.Add(new("withdrawnOn", Phrase.Of("error.theWithdrawalDateYyyyMmDdIs")));
        }
        else if (body.WithdrawnOn < c.ReceivedOn)
        {
            errors.Add(new("withdrawnOn", Phrase.Of("error.theWithdrawalDateCannotBeBeforeThe")));
        }

        var reason = body.Reason?.Trim();
        if (reason is { Length: > MaxReason } || !TextRules.IsMultiLine(reason))
        {
            errors.Add(new("reason", Phrase.Of("error.theReasonIsAtMostCharacters", ("maxReason", MaxReason))));
        }

        return Outcome<ComplaintCase>.DoneUnless(
            errors,
            act.Record(c with { Status = CaseStatus.Withdrawn, WithdrawnOn = body.WithdrawnOn, WithdrawalReason = string.IsNullOrEmpty(reason) ? null : reason }, CaseHistory.Withdrawn));
    }

    /// <summary>What every transition checks first: a case and a body are given (else it throws), and the case is still open (else 409).</summary>
    private static Outcome<ComplaintCase>? Closed(ComplaintCase c, object body)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(body);
        return c.Status == CaseStatus.Open
            ? null
            : Outcome<ComplaintCase>.Conflict(c.Status == CaseStatus.Resolved
                ? Phrase.Of("error.theCaseIsResolved")
                : Phrase.Of("error.theCaseIsWithdrawn"));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
