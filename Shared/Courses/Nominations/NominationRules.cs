using System.Security.Cryptography;
using Workflow.Units;

namespace Workflow.Courses.Nominations;

/// <summary>One row of <c>POST /api/courses/{id}/units</c>.</summary>
public sealed record NominationInput(string? Unit, string? ContactEmail, int? Quota);

/// <summary>A unit asked to nominate people for a course, with the invitees it named so far.</summary>
/// <param name="NomineeIds">Invitee ids of the people this unit named (invited or not yet).</param>
/// <param name="RequestSentAt">When the nomination email went out (null: not yet).</param>
/// <param name="SilentNoticeSentAt">When the contact was told which nominees stayed silent (null: not yet).</param>
/// <param name="Version">The row's ETag as read.</param>
public sealed record Nomination(
    string CourseId,
    string Id,
    string Unit,
    string ContactEmail,
    int Quota,
    IReadOnlyList<string> NomineeIds,
    DateTimeOffset? RequestSentAt,
    DateTimeOffset? SilentNoticeSentAt,
    string? Version = null);

/// <summary>A validated row of the organiser's request: the unit as written, the contact resolved, the quota.</summary>
public sealed record ValidNomination(int Row, string Unit, string ContactEmail, int Quota);

/// <summary>A refused row of the organiser's request: its 1-based row, the field path (<c>[2].quota</c>) and why.</summary>
public sealed record RejectedNomination(int Row, string Field, Phrase Reason);

/// <summary>What a unit contact's submission changes: invitees to add, not-yet-invited nominees to remove, the new list.</summary>
public sealed record NominationPlan(
    IReadOnlyList<ValidInvitee> Add,
    IReadOnlyList<string> Remove,
    IReadOnlyList<string> NomineeIds,
    IReadOnlyList<DuplicateRow> Duplicates,
    int KeptInvited);

/// <summary>The nomination rules as plain functions (SPEC §2 step 2): the organiser's rows and the unit contact's list.</summary>
public static class NominationRules
{
    public const int MinQuota = 1;
    public const int MaxQuota = 1000;
    public const int MaxUnitsPerRequest = 1000;

    /// <summary>Rows the page shows at most: the page form takes 64 fields (3 per person and the answer).</summary>
    public const int MaxPageRows = 20;

    /// <summary>The nomination's row key: derived from the course and the normalised unit name, so a unit has one row per course.</summary>
    public static string IdFor(string courseId, string unit) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(courseId + "\n" + UnitKeys.Normalize(unit))).AsSpan(0, 10));

    /// <summary>
    /// Validates the organiser's rows one by one. A unit of the registry may omit <c>contactEmail</c> (its first contact
    /// email is taken); a unit outside it needs one. A unit listed twice keeps its first row.
    /// </summary>
    public static (List<ValidNomination> Valid, List<RejectedNomination> Rejected) Validate(
        IReadOnlyList<NominationInput?> rows, IReadOnlyDictionary<string, OrgUnit> registryByKey)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(registryByKey);
        var valid = new List<ValidNomination>();
        var rejected = new List<RejectedNomination>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var input = rows[i] ?? new NominationInput(null, null, null);
            var unit = input.Unit?.Trim();
            var contact = input.ContactEmail?.Trim();
            string? field = null;
            Phrase? reason = null;
            OrgUnit? known = null;
            if (string.IsNullOrEmpty(unit))
            {
                (field, reason) = ("unit", Phrase.Of("error.unitIsRequired"));
            }
            else if (unit.Length > CourseValidation.MaxName)
            {
                (field, reason) = ("unit", Phrase.Of("error.unitIsLongerThanCharacters", ("maxName", CourseValidation.MaxName)));
            }
            else if (!TextRules.IsSingleLine(unit))
            {
                (field, reason) = ("unit", Phrase.Of("error.unitMustBeOneLineWithoutControl2"));
            }
            else if (!seen.Add(UnitKeys.Normalize(unit)))
            {
                (field, reason) = ("unit", Phrase.Of("error.unitIsListedTwiceInThisRequest"));
            }
            else if (input.Quota is not (>= MinQuota and <= MaxQuota))
            {
                (field, reason) = ("quota", Phrase.Of("error.quotaMustBeAWholeNumberFrom", ("minQuota", MinQuota), ("maxQuota", MaxQuota)));
            }
            else if (!string.IsNullOrEmpty(contact) && !CourseValidation.IsEmail(contact))
            {
                (field, reason) = ("contactEmail", Phrase.Of("error.contactemailIsNotAValidAddress"));
            }
            else if (string.IsNullOrEmpty(contact)
                     && ((known = registryByKey.GetValueOrDefault(UnitKeys.Normalize(unit))) is null || known.ContactEmails.Count == 0))
            {
                (field, reason) = ("contactEmail", Phrase.Of("error.contactemailIsRequiredForAUnitThat"));
            }

            if (reason is not null)
            {
                rejected.Add(new RejectedNomination(i + 1, $"[{i}].{field}", reason));
                continue;
            }

            valid.Add(new ValidNomination(i + 1, unit!, string.IsNullOrEmpty(contact) ? known!.ContactEmails[0] : contact, input.Quota!.Value));
        }

        return (valid, rejected);
    }

    /// <summary>
    /// Decides what a unit contact's list changes. <paramref name="rows"/> are the filled rows of the form (blank rows dropped);
    /// <paramref name="nominees"/> the unit's current nominees; <paramref name="courseEmailKeys"/> every invitee's email key.
    /// The list replaces the not-yet-invited nominees; invited ones stay whatever the list says. A row that fails validation
    /// refuses the whole list (nothing changes); more people than the quota too. Emails of other invitees are reported, not added.
    /// </summary>
    public static Outcome<NominationPlan> Plan(
        Nomination nomination,
        IReadOnlyList<NumberedRow> rows,
        IReadOnlyList<Invitee> nominees,
        ISet<string> courseEmailKeys,
        DateTimeOffset now,
        DateTimeOffset rsvpDeadline)
    {
        ArgumentNullException.ThrowIfNull(nomination);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(nominees);
        ArgumentNullException.ThrowIfNull(courseEmailKeys);
        if (now >= rsvpDeadline)
        {
            return Outcome<NominationPlan>.Conflict(Phrase.Of("error.rsvpPassedListFixed"));
        }

        var mine = nominees.ToDictionary(n => CourseValidation.NormalizeEmail(n.Email), StringComparer.Ordinal);
        var others = new HashSet<string>(courseEmailKeys.Where(k => !mine.ContainsKey(k)), StringComparer.Ordinal);
        var unitRows = rows.Select(r => r with { Input = r.Input with { Unit = nomination.Unit } }).ToList();
        var (valid, duplicates, rejected) = InviteeImport.Validate(unitRows, others);
        if (rejected.Count > 0)
        {
            return Outcome<NominationPlan>.Invalid(rejected.Select(r => new ValidationError($"row {r.Row}", r.Reason)).ToList());
        }

        var listed = valid.Select(v => v.EmailKey).ToHashSet(StringComparer.Ordinal);
        var invited = nominees.Where(n => n.EmailStatus != EmailStatus.NotSent).ToList();
        var keptUninvited = nominees.Where(n => n.EmailStatus == EmailStatus.NotSent && listed.Contains(CourseValidation.NormalizeEmail(n.Email))).ToList();
        var remove = nominees.Where(n => n.EmailStatus == EmailStatus.NotSent && !listed.Contains(CourseValidation.NormalizeEmail(n.Email))).Select(n => n.Id).ToList();
        var add = valid.Where(v => !mine.ContainsKey(v.EmailKey)).ToList();
        var total = invited.Count + keptUninvited.Count + add.Count;
        if (total > nomination.Quota)
        {
            return Outcome<NominationPlan>.Conflict(Phrase.Of("error.atMostNamed", ("quota", nomination.Quota), ("total", total)));
        }

        var ids = invited.Select(n => n.Id)
            .Concat(keptUninvited.Select(n => n.Id))
            .Concat(add.Select(v => Invitee.IdFor(nomination.CourseId, v.EmailKey)))
            .ToList();
        return Outcome<NominationPlan>.Done(new NominationPlan(add, remove, ids, duplicates, invited.Count(n => !listed.Contains(CourseValidation.NormalizeEmail(n.Email)))));
    }

    /// <summary>Nominees who were invited and never answered by the deadline.</summary>
    public static List<Invitee> Silent(IReadOnlyList<Invitee> nominees) =>
        [.. nominees.Where(n => n.Status is InviteeStatus.NoResponse or InviteeStatus.Pending && n.EmailStatus == EmailStatus.Sent)];
}
