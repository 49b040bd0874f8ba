namespace Workflow.Courses.Storage;

/// <summary>
/// The Invitees table: PK = course id; RK = invitee id (derived from the normalised email, so the same person can never be
/// added twice to a course), plus per course the seat row (<see cref="SeatRowKey"/>) and the guard row
/// (<see cref="GuardRowKey"/>). THE place that names its keys and columns: <see cref="InviteeEntity"/>'s properties are the
/// invitee row's columns, <see cref="SeatColumns"/> the seat row's, <see cref="ChangeMark"/> the organiser's change marks.
/// </summary>
internal static class InviteeRows
{
    public const string Table = "Invitees";

    /// <summary>The seat row in each course's invitee partition (invitee ids are hex, so it never meets one).</summary>
    public const string SeatRowKey = "~seats";

    public const string GuardPrefix = "~guard-";

    /// <summary>Row keys from here on are not invitees (invitee ids are lowercase hex; the seat and guard rows start with '~').</summary>
    public const string NotInviteeFrom = "~";

    /// <summary>Batches of 100 sent at once to one partition: the storage account takes them in parallel.</summary>
    public const int ParallelBatches = 4;

    /// <summary>Longest <see cref="Invitee.EmailError"/> kept.</summary>
    private const int MaxEmailErrorLength = 1000;

    /// <summary>What an email to an invitee needs; the other columns keep their defaults in the result.</summary>
    public static readonly string[] MessageColumns = ["PartitionKey", "RowKey", nameof(InviteeEntity.Name), nameof(InviteeEntity.Email), nameof(InviteeEntity.Unit), nameof(InviteeEntity.Position), nameof(InviteeEntity.Status), nameof(InviteeEntity.EmailStatus), nameof(InviteeEntity.LastReminderFor), nameof(InviteeEntity.Handover)];

    /// <summary>The columns the counts read (status, email status, attendance, follow-up).</summary>
    public static readonly string[] CountColumns = [nameof(InviteeEntity.Status), nameof(InviteeEntity.EmailStatus), nameof(InviteeEntity.Attendance), nameof(InviteeEntity.Survey), nameof(InviteeEntity.Report)];

    /// <summary>The counts' columns and the reply time (the organiser's progress view).</summary>
    public static readonly string[] ProgressColumns = [.. CountColumns, nameof(InviteeEntity.RepliedAt)];

    public static string GuardRowKey(long version) => GuardPrefix + version.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Filter: the invitee rows of a course (not its seat and guard rows).</summary>
    public static string RowsFilter(string courseId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey lt {NotInviteeFrom}");

    /// <summary>Filter: the guard rows of a course.</summary>
    public static string GuardRowsFilter(string courseId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey ge {GuardPrefix} and RowKey lt {GuardPrefix + "~"}");

    /// <summary>Filter: the waitlisted people of a course who arrived before <paramref name="arrival"/>.</summary>
    public static string WaitingBeforeFilter(string courseId, long arrival)
    {
        var waiting = nameof(InviteeStatus.Waitlisted);
        // Column names are part of the format (an interpolated one would be quoted as a value): InviteeEntity.Status, .Arrival.
        return TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and Status eq {waiting} and Arrival lt {arrival}");
    }

    /// <summary>What a new row counts (pending, not sent).</summary>
    public static readonly Progress.TallyFacts NewRowFacts = new(InviteeStatus.Pending, EmailStatus.NotSent, [], false, false, null);

    /// <summary>What a row read with (at least) <see cref="ProgressColumns"/> counts.</summary>
    public static Progress.TallyFacts Facts(TableEntity e) => new(
        Enum.TryParse<InviteeStatus>(e.GetString(nameof(InviteeEntity.Status)), out var status) ? status : InviteeStatus.Pending,
        Enum.TryParse<EmailStatus>(e.GetString(nameof(InviteeEntity.EmailStatus)), out var email) ? email : EmailStatus.NotSent,
        AttendanceMarks.Read(e.GetString(nameof(InviteeEntity.Attendance))),
        !string.IsNullOrEmpty(e.GetString(nameof(InviteeEntity.Survey))),
        !string.IsNullOrEmpty(e.GetString(nameof(InviteeEntity.Report))),
        e.GetDateTimeOffset(nameof(InviteeEntity.RepliedAt)));

    /// <summary>What a row as written by an insert counts.</summary>
    public static Progress.TallyFacts Facts(InviteeEntity e) => Progress.TallyFacts.From(e.ToInvitee());

    /// <summary>
    /// What a merge of the <paramref name="group"/> columns of <paramref name="after"/> over <paramref name="before"/>
    /// (the row as read, under whose ETag it is written) changes in the counts: only the columns the merge writes count.
    /// </summary>
    public static Dictionary<string, long> Delta(InviteeColumns group, Invitee before, Invitee after)
    {
        var was = Progress.TallyFacts.From(before);
        var now = Progress.TallyFacts.From(after);
        var written = group switch
        {
            InviteeColumns.Attendance => was with { Attendance = now.Attendance },
            InviteeColumns.FollowUp => was with { Surveyed = now.Surveyed, Reported = now.Reported },
            InviteeColumns.Grade => was,
            _ => was with { Status = now.Status, RepliedAt = now.RepliedAt ?? was.RepliedAt }, // a merge skips a null: the time stays
        };
        return Progress.CourseTally.Delta(was, written);
    }

    public static string Bound(string reason) => reason.Length <= MaxEmailErrorLength ? reason : reason[..MaxEmailErrorLength];

    /// <summary>The invitees a query selects, as domain records.</summary>
    public static async Task<List<Invitee>> QueryAsync(
        TableClient table, System.Linq.Expressions.Expression<Func<InviteeEntity, bool>> filter, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var list = new List<Invitee>();
        await foreach (var e in table.QueryAsync(filter, select: select, cancellationToken: cancellationToken))
        {
            list.Add(e.ToInvitee());
        }

        return list;
    }

    /// <summary>One invitee row as stored (with its ETag as <see cref="Invitee.Version"/>); null when there is none.</summary>
    public static async Task<Invitee?> GetAsync(TableClient table, string courseId, string inviteeId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<InviteeEntity>(courseId, inviteeId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ToInvitee() : null;
    }

    /// <summary>The column of an organiser's change mark.</summary>
    public static string Column(ChangeMark mark) => mark switch
    {
        ChangeMark.CancelNotice => "CancelNoticeSent",
        ChangeMark.NoticeVersion => "NoticeVersion",
        ChangeMark.RemindNow => "LastRemindNow",
        _ => throw new ArgumentOutOfRangeException(nameof(mark), mark, null),
    };
}

/// <summary>The organiser's change marks on an invitee row (SendGrid cannot deduplicate, so a re-run skips whoever is marked).</summary>
public enum ChangeMark
{
    /// <summary>True once the cancellation email went to this person.</summary>
    CancelNotice,

    /// <summary>The last reschedule notice version sent to this person.</summary>
    NoticeVersion,

    /// <summary>The last remind-now request that reached this person.</summary>
    RemindNow,
}

/// <summary>An invitee row (its properties are the table's columns).</summary>
internal sealed class InviteeEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Name { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string EmailKey { get; set; } = string.Empty;
    public string? Unit { get; set; }
    public string? Position { get; set; }
    public string Status { get; set; } = nameof(InviteeStatus.Pending);
    public DateTimeOffset? RepliedAt { get; set; }
    public bool Late { get; set; }
    public string? Reason { get; set; }
    public string EmailStatus { get; set; } = nameof(Courses.EmailStatus.NotSent);
    public DateTimeOffset? InvitedAt { get; set; }
    public DateTimeOffset? LastReminderFor { get; set; }
    public string? EmailError { get; set; }
    public long? Arrival { get; set; }
    public string? DelegatedTo { get; set; }
    public string? Audit { get; set; }
    public bool PromotionPending { get; set; }

    /// <summary>The scheduled batch of the last invitation or reminder round handed over (see <see cref="Invitee.Handover"/>).</summary>
    public string? Handover { get; set; }

    /// <summary>Outbox mark of the accept confirmation (see <see cref="Invitee.ConfirmationPending"/>); written with the reply columns.</summary>
    public bool ConfirmationPending { get; set; }

    /// <summary>The last course reminder time sent (see <see cref="Invitee.CourseReminderFor"/>).</summary>
    public DateTimeOffset? CourseReminderFor { get; set; }

    /// <summary>Attendance marks (JSON list of <see cref="AttendanceMark"/>; empty for none).</summary>
    public string? Attendance { get; set; }

    /// <summary>The survey answer (JSON <see cref="SurveyAnswer"/>; empty for none).</summary>
    public string? Survey { get; set; }

    /// <summary>The learning report (JSON <see cref="LearningReport"/>; empty for none).</summary>
    public string? Report { get; set; }

    public string? CertificateNumber { get; set; }

    /// <summary>The grade of the report (<see cref="ReportGrade"/>, one column each; empty grade: not graded).</summary>
    public string? ReportGrade { get; set; }

    public bool ReportGradePassing { get; set; }

    public string? ReportGradeComment { get; set; }

    public DateTimeOffset? ReportGradedAt { get; set; }

    public string? ReportGradedById { get; set; }

    public string? ReportGradedByName { get; set; }

    public DateTimeOffset? SurveyAskedAt { get; set; }

    public DateTimeOffset? ReportAskedAt { get; set; }

    public DateTimeOffset? SurveyRemindedFor { get; set; }

    public DateTimeOffset? ReportRemindedFor { get; set; }

    public FollowUpMarks FollowUpMarks() => new(SurveyAskedAt, ReportAskedAt, SurveyRemindedFor, ReportRemindedFor);

    public static InviteeEntity New(string courseId, ValidInvitee v, AuditEntry? added = null) => new()
    {
        PartitionKey = courseId,
        RowKey = Invitee.IdFor(courseId, v.EmailKey),
        Name = v.Name,
        Email = v.Email,
        EmailKey = v.EmailKey,
        Unit = v.Unit,
        Position = v.Position,
        Audit = added is null ? null : JsonSerializer.Serialize(new[] { added }, WorkflowJson.Options),
    };

    /// <summary>
    /// A colleague handed an invitation: a new invitee's row (his id is derived from the course and his email, like
    /// everyone's), with the reply state he took over and his audit trail.
    /// </summary>
    public static InviteeEntity Added(Invitee i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var row = New(i.CourseId, new ValidInvitee(0, i.Name, i.Email, CourseValidation.NormalizeEmail(i.Email), i.Unit, i.Position));
        row.Status = i.Status.ToString();
        row.Arrival = i.Arrival;
        row.ConfirmationPending = i.ConfirmationPending;
        row.Audit = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options);
        return row;
    }

    public Invitee ToInvitee() => new(
        PartitionKey, RowKey, Name, Email, Unit, Position,
        Enum.Parse<InviteeStatus>(Status), RepliedAt, Late, string.IsNullOrEmpty(Reason) ? null : Reason,
        Enum.Parse<Courses.EmailStatus>(EmailStatus), InvitedAt, LastReminderFor, ETag.ToString(),
        EmailFailure.FromStored(EmailError))
    {
        Arrival = Arrival is > 0 ? Arrival : null,
        DelegatedTo = string.IsNullOrEmpty(DelegatedTo) ? null : DelegatedTo,
        Audit = string.IsNullOrEmpty(Audit) ? [] : JsonSerializer.Deserialize<List<AuditEntry>>(Audit, WorkflowJson.Options) ?? [],
        PromotionPending = PromotionPending,
        ConfirmationPending = ConfirmationPending,
        Handover = string.IsNullOrEmpty(Handover) ? null : Handover,
        CourseReminderFor = CourseReminderFor,
        Attendance = AttendanceMarks.Read(Attendance),
        Survey = string.IsNullOrEmpty(Survey) ? null : JsonSerializer.Deserialize<SurveyAnswer>(Survey, WorkflowJson.Options),
        Report = string.IsNullOrEmpty(Report) ? null : JsonSerializer.Deserialize<LearningReport>(Report, WorkflowJson.Options),
        CertificateNumber = string.IsNullOrEmpty(CertificateNumber) ? null : CertificateNumber,
        Grade = string.IsNullOrEmpty(ReportGrade) ? null : new Workflow.Courses.FollowUp.ReportGrade(
            ReportGrade, ReportGradePassing, string.IsNullOrEmpty(ReportGradeComment) ? null : ReportGradeComment, ReportGradedAt ?? DateTimeOffset.MinValue,
            new Access.Author(ReportGradedById ?? string.Empty, ReportGradedByName ?? string.Empty)),
    };

    /// <summary>The columns of <paramref name="group"/>, for a merge, so writers of different groups never undo each other.</summary>
    public static TableEntity Columns(InviteeColumns group, Invitee i) => group switch
    {
        InviteeColumns.Attendance => AttendanceColumns(i),
        InviteeColumns.FollowUp => FollowUpColumns(i),
        InviteeColumns.Grade => GradeColumns(i),
        _ => ReplyColumns(i),
    };

    /// <summary>The columns attendance changes, for a merge: the marks and the audit trail line that records each
    /// change (same row, same ETag, so the append-only trail cannot lose a reply's line written meanwhile).</summary>
    public static TableEntity AttendanceColumns(Invitee i) => new(i.CourseId, i.Id)
    {
        [nameof(Attendance)] = AttendanceMarks.Write(i.Attendance),
        [nameof(Audit)] = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options),
    };

    /// <summary>The columns the follow-up changes (survey, report, certificate), for a merge (empty clears).</summary>
    public static TableEntity FollowUpColumns(Invitee i) => new(i.CourseId, i.Id)
    {
        [nameof(Survey)] = i.Survey is null ? string.Empty : JsonSerializer.Serialize(i.Survey, WorkflowJson.Options),
        [nameof(Report)] = i.Report is null ? string.Empty : JsonSerializer.Serialize(i.Report, WorkflowJson.Options),
        [nameof(CertificateNumber)] = i.CertificateNumber ?? string.Empty,
    };

    /// <summary>The grade's columns and the audit trail (its line), for a merge (empty clears).</summary>
    public static TableEntity GradeColumns(Invitee i) => new(i.CourseId, i.Id)
    {
        [nameof(ReportGrade)] = i.Grade?.Grade ?? string.Empty,
        [nameof(ReportGradePassing)] = i.Grade?.Passing ?? false,
        [nameof(ReportGradeComment)] = i.Grade?.Comment ?? string.Empty,
        [nameof(ReportGradedAt)] = i.Grade?.At,
        [nameof(ReportGradedById)] = i.Grade?.By.Id ?? string.Empty,
        [nameof(ReportGradedByName)] = i.Grade?.By.Name ?? string.Empty,
        [nameof(Audit)] = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options),
    };

    /// <summary>The columns a reply changes, for a merge (an empty reason clears it: merges skip nulls).</summary>
    public static TableEntity ReplyColumns(Invitee i) => new(i.CourseId, i.Id)
    {
        [nameof(Status)] = i.Status.ToString(),
        [nameof(RepliedAt)] = i.RepliedAt,
        [nameof(Late)] = i.Late,
        [nameof(Reason)] = i.Reason ?? string.Empty,
        [nameof(Arrival)] = i.Arrival ?? 0L,
        [nameof(DelegatedTo)] = i.DelegatedTo ?? string.Empty,
        [nameof(Audit)] = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options),
        [nameof(PromotionPending)] = i.PromotionPending,
        [nameof(ConfirmationPending)] = i.ConfirmationPending,
    };
}

/// <summary>The seat row's columns: accepted in total, per unit (JSON), and the arrival sequence.</summary>
internal static class SeatColumns
{
    public static SeatState Read(TableEntity e) => new(
        e.GetInt32("Accepted") ?? 0,
        JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("ByUnit") ?? "{}") ?? [],
        e.GetInt64("Sequence") ?? 0,
        e.ETag.ToString());

    public static TableEntity Write(string courseId, SeatState seats) => new(courseId, InviteeRows.SeatRowKey)
    {
        ["Accepted"] = seats.Accepted,
        ["ByUnit"] = JsonSerializer.Serialize(seats.ByUnit.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)),
        ["Sequence"] = seats.Sequence,
    };

    /// <summary>The action that writes <paramref name="seats"/> over the row as read in <paramref name="start"/> (an insert when there was none).</summary>
    public static TableTransactionAction Action(string courseId, SeatState start, SeatState seats)
    {
        var row = Write(courseId, seats);
        return start.Version is null
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(start.Version));
    }

    public static bool SameCounts(SeatState a, SeatState b) =>
        a.Version is not null && a.Accepted == b.Accepted && a.Sequence == b.Sequence &&
        a.ByUnit.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SequenceEqual(b.ByUnit.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal));
}
