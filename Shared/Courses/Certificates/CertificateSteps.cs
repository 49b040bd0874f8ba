using Workflow.Courses.Storage;

namespace Workflow.Courses.Certificates;

/// <summary>
/// The <see cref="MilestoneKind.Certificates"/> milestone, idempotent: every eligible person (<see cref="CertificateRules"/>)
/// gets a number from storage (<see cref="CertificateStore.IssueAsync"/>, once per person), recorded on the invitee
/// row (<see cref="Invitee.CertificateNumber"/>), then his PDF by email. The sending of each email is claimed in the table
/// first (ETag), so two runs at once never both send it, and marked sent after: never sent twice. Last, the milestone is
/// marked done on the course row and leaves the schedule.
/// </summary>
public sealed partial class CertificateSteps(
    CourseStore courses,
    InviteeStore inviteeStore,
    CertificateStore certificates,
    CertificatePdf pdf,
    CertificateEmails emails,
    IEmailSender sender,
    IOptions<CertificateOptions> options,
    IOptions<WorkflowOptions> workflow,
    TimeProvider time,
    ILogger<CertificateSteps> logger)
{
    /// <summary>How long a run's claim on an email holds before another run may take it over (a run that died).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>How long a run waits for emails another run is sending before it leaves the rest to a retry.</summary>
    public TimeSpan WaitForOthers { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Issues and emails the course's certificates; returns how many emails this run sent.</summary>
    public async Task<int> IssueAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courses.GetAsync(courseId, cancellationToken) ?? throw new InvalidOperationException($"Course {courseId} does not exist.");
        if (course.Phase is CoursePhase.Cancelled or CoursePhase.Draft || course.Progress.IsDone(CertificateSchedule.Key))
        {
            return 0;
        }

        var sent = await IssueEligibleAsync(course, cancellationToken);
        await courses.MarkMilestoneDoneAsync(courseId, CertificateSchedule.Key, null, cancellationToken);
        return sent;
    }

    /// <summary>
    /// The <see cref="MilestoneKind.CertificatesGraded"/> milestone <paramref name="key"/> (<c>certificatesGraded:{round}</c>):
    /// after the certificates, the people a grade given since made eligible get theirs (the others already have theirs:
    /// nothing again); then the round is marked done in place of the rounds before it.
    /// </summary>
    public async Task<int> IssueAfterGradeAsync(string courseId, string key, CancellationToken cancellationToken)
    {
        var course = await courses.GetAsync(courseId, cancellationToken) ?? throw new InvalidOperationException($"Course {courseId} does not exist.");
        if (course.Phase is CoursePhase.Cancelled or CoursePhase.Draft || course.Progress.IsDone(key))
        {
            return 0;
        }

        var sent = await IssueEligibleAsync(course, cancellationToken);
        await courses.UpdateCourseAsync(
            courseId,
            c => c.Progress.IsDone(key) ? Outcome<Course>.Done(c) : Outcome<Course>.Done(c with { Progress = c.Progress.WithLatest(CertificateSchedule.GradedPrefix, key) }),
            cancellationToken);
        return sent;
    }

    private async Task<int> IssueEligibleAsync(Course course, CancellationToken cancellationToken)
    {
        var courseId = course.Id;
        var eligible = CertificateRules.Eligible(course, await inviteeStore.ListInviteesAsync(courseId, cancellationToken));
        var year = CertificateRules.YearOf(course);
        var issuedOn = DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow()).DateTime);
        var claim = Guid.NewGuid().ToString("N");
        var busy = new List<(Invitee Invitee, CertificateRecord Record)>();
        int sent = 0, failed = 0;
        foreach (var invitee in eligible)
        {
            var record = await certificates.IssueAsync(
                year,
                options.Value.NumberPrefix,
                new CertificateRecord(string.Empty, course.Id, invitee.Id, invitee.Name, course.Definition.Title, CertificatePdf.DatesOf(course), issuedOn, course.Definition.Language),
                cancellationToken);
            if (invitee.CertificateNumber != record.Number)
            {
                await inviteeStore.UpdateInviteeAsync(
                    course.Id,
                    invitee.Id,
                    InviteeColumns.FollowUp,
                    i => i.CertificateNumber == record.Number ? null : i with { CertificateNumber = record.Number },
                    cancellationToken,
                    invitee);
            }

            switch (await SendOnceAsync(course, invitee, record, year, claim, cancellationToken))
            {
                case SendResult.Sent: sent++; break;
                case SendResult.Failed: failed++; break;
                case SendResult.Busy: busy.Add((invitee, record)); break;
            }
        }

        // Emails another run was sending: wait for it to finish them (or to die, when its claim expires).
        var until = time.GetUtcNow() + WaitForOthers;
        while (busy.Count > 0)
        {
            var still = new List<(Invitee, CertificateRecord)>();
            foreach (var (invitee, record) in busy)
            {
                var result = await SendOnceAsync(course, invitee, record, year, claim, cancellationToken);
                if (result == SendResult.Busy)
                {
                    still.Add((invitee, record));
                }
                else if (result == SendResult.Sent)
                {
                    sent++;
                }
            }

            busy = still;
            if (busy.Count > 0)
            {
                if (time.GetUtcNow() >= until)
                {
                    throw new InvalidOperationException($"Certificate emails of course {courseId} are being sent by another run; retried later.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
            }
        }

        LogIssued(logger, courseId, eligible.Count, sent, failed);
        return sent;
    }

    private enum SendResult
    {
        Sent,
        Failed,
        Done,
        Busy,
    }

    private async Task<SendResult> SendOnceAsync(Course course, Invitee invitee, CertificateRecord record, int year, string claim, CancellationToken cancellationToken)
    {
        switch (await certificates.TryClaimEmailAsync(year, course.Id, invitee.Id, claim, time.GetUtcNow(), ClaimLease, cancellationToken))
        {
            case EmailClaim.Done:
                return SendResult.Done;
            case EmailClaim.Busy:
                return SendResult.Busy;
        }

        var file = pdf.Render(CertificatePdf.ContentFor(course, invitee, record.Number, record.IssuedOn, workflow.Value) with
        {
            Name = record.Name,
            CourseTitle = record.CourseTitle,
            Dates = record.Dates,
        });
        var batch = emails.Certificate(course, record, invitee.Email, file);
        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(batch, cancellationToken);
        }
        catch (EmailNotSentException ex)
        {
            if (ex.Partial.Sent.Count + ex.Partial.Failed.Count > 0)
            {
                await certificates.MarkEmailedAsync(year, course.Id, invitee.Id, ex.Partial.Failed.Count > 0, time.GetUtcNow(), CancellationToken.None);
            }
            else
            {
                await certificates.ReleaseEmailAsync(year, course.Id, invitee.Id, CancellationToken.None);
            }

            throw;
        }

        var refused = result.Failed.Count > 0;
        await certificates.MarkEmailedAsync(year, course.Id, invitee.Id, refused, time.GetUtcNow(), cancellationToken);
        return refused ? SendResult.Failed : SendResult.Sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificates of course {CourseId}: {Eligible} eligible, {Sent} emailed now, {Failed} refused for good")]
    private static partial void LogIssued(ILogger logger, string courseId, int eligible, int sent, int failed);
}
