using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workflow.Testing;

/// <summary>The course milestones a host can be killed at (issue 19).</summary>
public enum KillPoint
{
    /// <summary>The owner of the course's partition is killed, then the course is started through another host.</summary>
    Invitations,
    RsvpDeadline,
    CourseReminder,
    SessionEnd,
    FollowUpStart,
    Certificates,
}

/// <summary>What one kill run saw. Times are seconds from the kill.</summary>
/// <param name="LeaseTakenAfter">Until a running host owned the course's partition (its lease blob names a live worker); null if never seen.</param>
/// <param name="WorkStartedAfter">Until the first email of the killed milestone's work reached the fake SendGrid.</param>
/// <param name="WorkDoneAfter">Until the last one did (the milestone's work complete).</param>
/// <param name="DueAfter">When the milestone was due, from the kill (about 2 s; about 0 for invitations; negative: killed after it was due).</param>
/// <param name="Problems">Every email lost or sent twice, every count off, seats over capacity; empty when all is right.</param>
/// <param name="AnswersTooLate">Answers to the invitation posted after the RSVP deadline in force: the scenario's timing on a loaded machine, not the product.</param>
/// <param name="ScenarioNotes">What went wrong with the scenario's own timeline (answers too late), kept out of <paramref name="Problems"/>.</param>
/// <param name="AnsweredAfter">Seconds from the course's start until every invitee had answered (null: not within the answering window).</param>
public sealed record KillRunResult(
    KillPoint Point,
    int Hosts,
    int Invitees,
    int KilledHost,
    int Partition,
    double? LeaseTakenAfter,
    double? WorkStartedAfter,
    double? WorkDoneAfter,
    double DueAfter,
    int EmailsAccepted,
    int MailRequests,
    int Replies,
    int ReplyErrors,
    int MaxAcceptedSeen,
    int Capacity,
    string FinalPhase,
    double TotalSeconds,
    IReadOnlyList<string> Problems,
    int AnswersTooLate,
    IReadOnlyList<string> ScenarioNotes,
    double? AnsweredAfter);

/// <summary>
/// Issue 19's fault run: a course on a <see cref="LocalHostCluster"/> of three hosts; at one milestone the host that owns
/// the course's partition is killed with SIGKILL (two to three seconds before the milestone is due; for the invitations, before
/// the course is started through another host) while people keep replying, checking in and answering the survey
/// through the others. Then every email is checked in the fake SendGrid: each expected one exactly once, nothing more;
/// seats never over capacity; certificate numbers unique. Milestones after the kill are spaced to leave room for the
/// take-over (the partition lease of the dead host must expire first). Shared by the integration test and the bench.
/// <para>The timeline follows the answers, not the clock: the course is created with a wide answering window
/// (<see cref="AnswerWindow"/>); once every invitee has answered (the invitations may come a minute late on a loaded
/// machine, or after a take-over), the organiser moves the RSVP deadline and the session to just after that moment
/// (<c>PATCH /api/courses/{id}</c>, as a person would; everyone concerned gets one change notice, which is checked too).
/// An answer that still arrives after the deadline is reported as <see cref="KillRunResult.AnswersTooLate"/>, a note on
/// the scenario, not as a problem of the product.</para>
/// </summary>
public sealed class KillAtMilestoneScenario(LocalHostCluster cluster, string storageConnectionString, TextWriter? log = null)
{
    public const string Organiser = "bandanvan@tinh.example";

    private const string Invitation = "Thư mời tham dự";
    private const string Confirmation = "Xác nhận đăng ký";
    private const string RsvpSummary = "Tổng hợp trả lời thư mời";
    private const string CourseReminder = "Nhắc lịch học";
    private const string UnitReport = "Kết quả tham dự của đơn vị";
    private const string SurveyRequest = "Đề nghị đánh giá lớp học";
    private const string Certificate = "Giấy chứng nhận hoàn thành khóa học";
    private const string FollowUpSummary = "Tổng hợp sau lớp học";
    private const string ChangeNotice = "Thay đổi thời gian, địa điểm";

    /// <summary>Room left after the killed milestone for the take-over (the provider's 30 s lease plus its 10 s acquire interval).</summary>
    public static readonly TimeSpan TakeOverRoom = TimeSpan.FromSeconds(50);

    /// <summary>How long the people have to answer before the organiser moves the deadline (the first deadline is this far away).</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromMinutes(6);

    /// <summary>From the organiser's move (every answer in) to the new RSVP deadline: room for the change notice and the kill.</summary>
    private static readonly TimeSpan DeadlineAfterAnswers = TimeSpan.FromSeconds(25);

    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private readonly ConcurrentDictionary<string, byte> _replied = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _repliedAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _checkedIn = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _surveyed = new(StringComparer.OrdinalIgnoreCase);
    private long _sessionStartTicks; // the session's start as it is now (the organiser moves it): the clients read it
    private int _replies;
    private int _replyErrors;
    private int _maxAccepted;

    /// <summary>Runs the course with <paramref name="invitees"/> people (every fifth declines) for <paramref name="capacity"/> seats, killing at <paramref name="point"/>.</summary>
    public async Task<KillRunResult> RunAsync(KillPoint point, int invitees = 12, int capacity = 8, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(invitees, 5);
        var total = Stopwatch.StartNew();
        using var organiser = cluster.CreateOrganiserClient();
        using var person = cluster.CreatePersonClient();
        var problems = new List<string>();
        var units = new[] { $"Sở Nội vụ {_tag}", $"Sở Tư pháp {_tag}" };
        var contacts = new[] { $"vanphong.{_tag}@sonoivu.tinh.example", $"vanphong.{_tag}@sotuphap.tinh.example" };
        var people = Enumerable.Range(1, invitees)
            .Select(i => (Name: $"Cán bộ {i:00}", Email: $"canbo{i:00}.{_tag}@{(i % 2 == 0 ? "sonoivu" : "sotuphap")}.tinh.example", Unit: units[i % 2 == 0 ? 0 : 1]))
            .ToList();
        var decliners = people.Where((_, i) => i % 5 == 4).Select(p => p.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);

        (await organiser.PutAsJsonAsync("/api/units", units.Select((u, i) => new { name = u, kind = "department", contactEmails = new[] { contacts[i] } }).ToArray())).EnsureSuccessStatusCode();

        // The first timeline: a wide answering window (the deadline and session move once everyone has answered).
        var t0 = DateTimeOffset.UtcNow;
        var room = TakeOverRoom.TotalSeconds;
        var deadline = t0 + AnswerWindow;
        var (sessionStart, sessionEnd) = SessionAfter(point, deadline);
        var surveyDue = TimeSpan.FromSeconds(18 + (point is KillPoint.SessionEnd or KillPoint.FollowUpStart ? room : 0));
        var create = await organiser.PostAsJsonAsync("/api/courses", new
        {
            title = $"Bồi dưỡng nghiệp vụ công tác dân vận ({_tag})",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = sessionStart, end = sessionEnd } },
            rsvpDeadline = deadline,
            capacity,
            organiserEmails = new[] { Organiser },
            language = "vi",
            reminders = new { beforeRsvpDeadline = Array.Empty<string>(), beforeCourse = new[] { "PT10S" } },
            checkIn = new { opensBefore = "PT8S" },
            followUp = new { surveyDue = $"PT{(int)surveyDue.TotalSeconds}S", reportRequired = false, remindersBeforeDue = Array.Empty<string>() },
        });
        await EnsureAsync(create, "create the course");
        var courseId = (await create.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var instanceId = "course-" + courseId;
        var partition = TaskHubPartitions.PartitionOf(instanceId);
        var added = await organiser.PostAsJsonAsync($"/api/courses/{courseId}/invitees", people.Select(p => new { name = p.Name, email = p.Email, unit = p.Unit, position = "Chuyên viên" }).ToArray());
        await EnsureAsync(added, "add the invitees");

        var (workSubject, workCount) = point switch
        {
            KillPoint.Invitations => (Invitation, invitees),
            KillPoint.RsvpDeadline => (RsvpSummary, 1),
            KillPoint.CourseReminder => (CourseReminder, -1),
            KillPoint.SessionEnd => (UnitReport, 2),
            KillPoint.FollowUpStart => (SurveyRequest, -1),
            _ => (Certificate, -1),
        };

        using var stop = new CancellationTokenSource();
        var killedHost = -1;
        DateTime killedAt = default;
        var due = DateTimeOffset.UtcNow;
        if (point == KillPoint.Invitations)
        {
            (killedHost, killedAt) = await KillOwnerAsync(partition);
            due = DateTimeOffset.UtcNow; // the invitations are due when the course starts
        }

        var started = DateTimeOffset.UtcNow;
        await EnsureAsync(await organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null), "start the course");
        Interlocked.Exchange(ref _sessionStartTicks, sessionStart.UtcTicks);
        var clients = RunClientsAsync(person, organiser, courseId, decliners, stop.Token);

        // Every invitee answers (when the invitations come); then the organiser moves the deadline and the session to
        // just after that moment, so that the deadline-based milestones are due only once the answers are in.
        var answered = await WaitForAnswersAsync(organiser, courseId, invitees, deadline - TimeSpan.FromSeconds(30));
        double? answeredAfter = answered is { } a ? (a - started).TotalSeconds : null;
        HashSet<string>? noticed = null;
        if (answered is not null)
        {
            deadline = DateTimeOffset.UtcNow + DeadlineAfterAnswers;
            (sessionStart, sessionEnd) = SessionAfter(point, deadline);
            noticed = await MoveScheduleAsync(organiser, courseId, deadline, sessionStart, sessionEnd);
            Interlocked.Exchange(ref _sessionStartTicks, sessionStart.UtcTicks);
            log?.WriteLine($"{point}: every invitee answered {answeredAfter:0.0} s after the start; deadline moved to {deadline:HH:mm:ss}, session {sessionStart:HH:mm:ss}–{sessionEnd:HH:mm:ss}");
        }
        else
        {
            log?.WriteLine($"{point}: not every invitee answered within {AnswerWindow.TotalMinutes:0} minutes; the first deadline {deadline:HH:mm:ss} stays");
        }

        if (point != KillPoint.Invitations)
        {
            due = point switch
            {
                KillPoint.RsvpDeadline => deadline,
                KillPoint.CourseReminder => sessionStart.AddSeconds(-10),
                KillPoint.SessionEnd or KillPoint.FollowUpStart => sessionEnd,
                _ => sessionEnd + surveyDue,
            };

            // Reading the partition table and killing take a moment under load: aim three seconds ahead.
            await DelayUntilAsync(due.AddSeconds(-3));
            (killedHost, killedAt) = await KillOwnerAsync(partition);
        }

        var killedWorker = cluster.Hosts[killedHost].WorkerId;
        var leaseTask = WatchLeaseAsync(partition, killedWorker, stop.Token);
        log?.WriteLine($"{point}: killed host {killedHost} (worker {killedWorker}, partition {partition}) at {killedAt:HH:mm:ss.fff}; milestone due {(due.UtcDateTime - killedAt).TotalSeconds:0.0} s later");

        // The course runs to its end.
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(6)) + (sessionEnd + surveyDue - DateTimeOffset.UtcNow);
        var phase = string.Empty;
        while (DateTime.UtcNow < limit)
        {
            var course = await TryGetAsync(organiser, $"/api/courses/{courseId}");
            phase = course?["phase"]?.GetValue<string>() ?? phase;
            if (phase == "completed" && Mine(FollowUpSummary).Count > 0)
            {
                break;
            }

            await Task.Delay(1000);
        }

        await Task.Delay(3000); // a late repeat would show now
        await stop.CancelAsync();
        await clients;
        var leaseAfter = await leaseTask;

        // Work of the killed milestone: when its emails arrived, from the kill.
        var work = Mine(workSubject);
        var list = await organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees") ?? [];
        var byEmail = list.ToDictionary(i => i!["email"]!.GetValue<string>(), i => i!, StringComparer.OrdinalIgnoreCase);
        var accepted = byEmail.Where(p => p.Value["status"]!.GetValue<string>() == "accepted").Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The milestone's work: a known count, else one email per accepted person (none expected when nobody accepted).
        var expectedWork = workCount > 0 ? workCount : accepted.Count;
        double? workStarted = work.Count > 0 ? (work.Min(m => m.ReceivedUtc) - killedAt).TotalSeconds : null;
        double? workDone = work.Count >= expectedWork && expectedWork > 0 ? (work.OrderBy(m => m.ReceivedUtc).ElementAt(expectedWork - 1).ReceivedUtc - killedAt).TotalSeconds : null;
        if (expectedWork > 0 && work.Count == 0)
        {
            problems.Add($"no '{workSubject}' email: the killed milestone's work was never seen");
        }

        // Every email, exactly once.
        var certified = byEmail.Where(p => p.Value["certificateNumber"]?.GetValue<string>() is { Length: > 0 }).ToDictionary(p => p.Key, p => p.Value["certificateNumber"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        var everyone = people.Select(p => p.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Expect(problems, Invitation, [.. everyone]);
        Expect(problems, Confirmation, [.. accepted]);
        Expect(problems, RsvpSummary, Organiser);
        Expect(problems, CourseReminder, [.. accepted]);
        Expect(problems, UnitReport, contacts);
        Expect(problems, SurveyRequest, [.. accepted]);
        Expect(problems, Certificate, [.. accepted]);
        Expect(problems, FollowUpSummary, Organiser);
        if (noticed is not null)
        {
            Expect(problems, ChangeNotice, [.. noticed]);
        }

        // Answers posted after the deadline in force are the scenario's timing (a loaded machine), not the product's.
        var notes = new List<string>();
        var late = _repliedAt.Where(p => p.Value > deadline).Select(p => p.Key).ToList();
        var lateAccepting = late.Count(e => !decliners.Contains(e));
        foreach (var ((kind, to), count) in cluster.Mail.CountsByKindAndRecipient().Where(c => c.Value > 1 && IsMine(c.Key.To)))
        {
            problems.Add($"{count} '{kind}' emails to {to}");
        }

        foreach (var (id, count) in cluster.Mail.RepeatedMessageIds())
        {
            problems.Add($"message id {id} accepted {count} times");
        }

        var expectedAccepted = Math.Min(capacity, invitees - decliners.Count);
        if (late.Count > 0)
        {
            notes.Add($"answers too late: {late.Count} of {invitees} posted after the RSVP deadline ({(answeredAfter is null ? "not every invitee answered within the window" : "after the organiser's move")}); {accepted.Count} accepted at the end, {expectedAccepted} if all had been in time");
        }

        if (accepted.Count != expectedAccepted && accepted.Count + lateAccepting < expectedAccepted)
        {
            problems.Add($"{accepted.Count} accepted at the end, expected {expectedAccepted}");
        }
        else if (accepted.Count > expectedAccepted)
        {
            problems.Add($"{accepted.Count} accepted at the end, expected at most {expectedAccepted}");
        }

        if (Volatile.Read(ref _maxAccepted) > capacity)
        {
            problems.Add($"{_maxAccepted} accepted seen for {capacity} seats");
        }

        if (!certified.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(accepted) || certified.Values.Distinct(StringComparer.Ordinal).Count() != certified.Count)
        {
            problems.Add($"certificate numbers: {certified.Count} for {accepted.Count} accepted, {certified.Values.Distinct(StringComparer.Ordinal).Count()} distinct");
        }

        if (phase != "completed")
        {
            problems.Add($"the course ended in phase '{phase}'");
        }

        var mine = cluster.Mail.Mails.Where(m => IsMine(m.To) || m.Subject.Contains(_tag, StringComparison.Ordinal)).ToList();
        return new KillRunResult(
            point, cluster.Hosts.Count, invitees, killedHost, partition, leaseAfter is { } l ? (l - killedAt).TotalSeconds : null,
            workStarted, workDone, (due.UtcDateTime - killedAt).TotalSeconds, mine.Count, cluster.Mail.Requests.Count,
            Volatile.Read(ref _replies), Volatile.Read(ref _replyErrors), Volatile.Read(ref _maxAccepted), capacity, phase, total.Elapsed.TotalSeconds, problems,
            late.Count, notes, answeredAfter);
    }

    /// <summary>The session after <paramref name="deadline"/>: 22 s later (plus the take-over when the deadline is the milestone killed), 14 s long.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) SessionAfter(KillPoint point, DateTimeOffset deadline)
    {
        var start = deadline.AddSeconds(22 + (point == KillPoint.RsvpDeadline ? TakeOverRoom.TotalSeconds : 0));
        return (start, start.AddSeconds(14));
    }

    /// <summary>When every invitee has answered (accepted, waitlisted or declined, read from the course's counts); null if not by <paramref name="until"/>.</summary>
    private static async Task<DateTimeOffset?> WaitForAnswersAsync(HttpClient organiser, string courseId, int invitees, DateTimeOffset until)
    {
        while (DateTimeOffset.UtcNow < until)
        {
            var counts = (await TryGetAsync(organiser, $"/api/courses/{courseId}"))?["counts"];
            var answered = new[] { "accepted", "waitlisted", "declined" }.Sum(k => counts?[k]?.GetValue<int>() ?? 0);
            if (answered >= invitees)
            {
                return DateTimeOffset.UtcNow;
            }

            await Task.Delay(500);
        }

        return null;
    }

    /// <summary>
    /// The organiser moves the RSVP deadline and the session (<c>PATCH</c>, the session keeps its id); returns who is
    /// concerned and so gets the one change notice (accepted and waitlisted people: everyone answered, decliners aside).
    /// </summary>
    private static async Task<HashSet<string>> MoveScheduleAsync(HttpClient organiser, string courseId, DateTimeOffset deadline, DateTimeOffset start, DateTimeOffset end)
    {
        var course = await organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}");
        var sessionId = course!["sessions"]![0]!["id"]?.GetValue<string>();
        await EnsureAsync(
            await organiser.PatchAsJsonAsync($"/api/courses/{courseId}", new { rsvpDeadline = deadline, sessions = new[] { new { id = sessionId, start, end } } }),
            "move the RSVP deadline and the session");
        var list = await organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees") ?? [];
        return list.Where(i => i!["status"]!.GetValue<string>() is "accepted" or "waitlisted")
            .Select(i => i!["email"]!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private bool IsMine(string to) => to.Contains(_tag, StringComparison.OrdinalIgnoreCase) || string.Equals(to, Organiser, StringComparison.OrdinalIgnoreCase);

    /// <summary>This run's accepted emails whose subject starts with <paramref name="prefix"/> (the organiser's: those naming this course).</summary>
    private List<ReceivedMail> Mine(string prefix) =>
        [.. cluster.Mail.Mails.Where(m => m.Subject.StartsWith(prefix, StringComparison.Ordinal)
            && (m.To.Contains(_tag, StringComparison.OrdinalIgnoreCase) || m.Subject.Contains(_tag, StringComparison.Ordinal)))];

    private void Expect(List<string> problems, string subject, params string[] recipientList)
    {
        var recipients = recipientList.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var got = Mine(subject).GroupBy(m => m.To, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var lost = recipients.Where(r => !got.ContainsKey(r)).ToList();
        var twice = got.Where(g => g.Value > 1).Select(g => $"{g.Key} ×{g.Value}").ToList();
        var extra = got.Keys.Where(k => !recipients.Contains(k)).ToList();
        if (lost.Count > 0)
        {
            problems.Add($"'{subject}': {lost.Count} of {recipients.Count} never sent ({string.Join(", ", lost.Take(3))})");
        }

        if (twice.Count > 0)
        {
            problems.Add($"'{subject}': sent twice: {string.Join(", ", twice.Take(5))}");
        }

        if (extra.Count > 0)
        {
            problems.Add($"'{subject}': {extra.Count} unexpected recipients ({string.Join(", ", extra.Take(3))})");
        }
    }

    /// <summary>Kills the running host that owns <paramref name="partition"/> (read from the lease blobs), waiting for an owner if the lease is between hosts.</summary>
    private async Task<(int Host, DateTime At)> KillOwnerAsync(int partition)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var owners = await TaskHubPartitions.OwnersAsync(storageConnectionString, cluster.TaskHubName);
            var host = cluster.HostOfWorker(owners.FirstOrDefault(o => o.Index == partition)?.Owner);
            if (host >= 0)
            {
                return (host, cluster.Kill(host));
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No running host owns partition {partition}: {string.Join(", ", owners)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>When a running host (not <paramref name="killedWorker"/>) holds the lease of <paramref name="partition"/>; null if not within 3 minutes.</summary>
    private async Task<DateTime?> WatchLeaseAsync(int partition, string? killedWorker, CancellationToken stopping)
    {
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            try
            {
                var owner = (await TaskHubPartitions.OwnersAsync(storageConnectionString, cluster.TaskHubName, CancellationToken.None)).FirstOrDefault(o => o.Index == partition);
                if (owner is { Leased: true } && owner.Owner != killedWorker && cluster.HostOfWorker(owner.Owner) >= 0)
                {
                    return DateTime.UtcNow;
                }
            }
            catch (Azure.RequestFailedException)
            {
                // A lease blob being written: read again.
            }

            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            await Task.Delay(250, CancellationToken.None);
        }

        return null;
    }

    /// <summary>
    /// The people and the organiser, through the running hosts: each invitee answers his invitation (every fifth declines),
    /// checks in by his reminder's link once check-in is open, answers the survey; the organiser marks every accepted
    /// person present two seconds into the session and reads the course each second (seats never over capacity).
    /// </summary>
    private async Task RunClientsAsync(HttpClient person, HttpClient organiser, string courseId, HashSet<string> decliners, CancellationToken stop)
    {
        DateTimeOffset SessionStart() => new(Interlocked.Read(ref _sessionStartTicks), TimeSpan.Zero);
        var marked = false;
        while (!stop.IsCancellationRequested)
        {
            var rounds = new List<Task>();
            foreach (var m in Mine(Invitation).Where(m => !_replied.ContainsKey(m.To)))
            {
                var fields = decliners.Contains(m.To) ? new[] { ("answer", "decline"), ("reason", "Đi công tác huyện") } : new[] { ("answer", "accept") };
                rounds.Add(ActAsync(person, _replied, m, fields, _repliedAt));
            }

            if (DateTimeOffset.UtcNow > SessionStart().AddSeconds(-6))
            {
                foreach (var m in Mine(CourseReminder).Where(m => !_checkedIn.ContainsKey(m.To)))
                {
                    rounds.Add(ActAsync(person, _checkedIn, m, [("answer", "checkin")]));
                }
            }

            foreach (var m in Mine(SurveyRequest).Where(m => !_surveyed.ContainsKey(m.To)))
            {
                rounds.Add(ActAsync(person, _surveyed, m, [("answer", "survey"), ("contentRating", "5"), ("presenterRating", "4"), ("organisationRating", "5"), ("comments", "Thiết thực.")]));
            }

            await Task.WhenAll(rounds);
            var course = await TryGetAsync(organiser, $"/api/courses/{courseId}");
            if (course?["counts"]?["accepted"]?.GetValue<int>() is { } acceptedNow)
            {
                InterlockedMax(ref _maxAccepted, acceptedNow);
            }

            if (!marked && DateTimeOffset.UtcNow > SessionStart().AddSeconds(2))
            {
                marked = await MarkPresentAsync(organiser, courseId);
            }

            try
            {
                await Task.Delay(400, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> MarkPresentAsync(HttpClient organiser, string courseId)
    {
        try
        {
            var list = await organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees") ?? [];
            var marks = list.Where(i => i!["status"]!.GetValue<string>() == "accepted")
                .Select(i => new { email = i!["email"]!.GetValue<string>(), session = 1, status = "present" }).ToArray();
            using var response = await organiser.PostAsJsonAsync($"/api/courses/{courseId}/attendance", marks);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Posts a page form to the mail's first link; done when the page answers (any 2xx or a 4xx that says it is too late), else tried again next round.</summary>
    private async Task ActAsync(HttpClient person, ConcurrentDictionary<string, byte> done, ReceivedMail mail, (string Name, string Value)[] fields, ConcurrentDictionary<string, DateTimeOffset>? postedAt = null)
    {
        var link = FirstLink(mail.Html);
        if (link is null || !done.TryAdd(mail.To, 0))
        {
            return;
        }

        try
        {
            using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
            postedAt?.TryAdd(mail.To, DateTimeOffset.UtcNow); // the first attempt: when the person answered
            using var response = await person.PostAsync(new Uri(link), form);
            Interlocked.Increment(ref _replies);
            if ((int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref _replyErrors);
                done.TryRemove(mail.To, out _);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _replyErrors);
            done.TryRemove(mail.To, out _); // the host died under the request: the person tries again
        }
    }

    private static string? FirstLink(string html)
    {
        var at = html.IndexOf("href=\"http", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + "href=\"".Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }

    private static async Task<JsonObject?> TryGetAsync(HttpClient client, string path)
    {
        try
        {
            return await client.GetFromJsonAsync<JsonObject>(path);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task DelayUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>One line of numbers for a table.</summary>
    public static string Describe(KillRunResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Point}: host {r.KilledHost} killed (partition {r.Partition}); lease taken after {r.LeaseTakenAfter:0.0} s, work {r.WorkStartedAfter:0.0}–{r.WorkDoneAfter:0.0} s (due {r.DueAfter:0.0} s); {r.EmailsAccepted} emails; {r.Replies} page posts ({r.ReplyErrors} failed); max accepted {r.MaxAcceptedSeen}/{r.Capacity}; {r.FinalPhase}; {r.TotalSeconds:0} s; every invitee answered after {(r.AnsweredAfter is { } a ? a.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–")}; answers too late: {r.AnswersTooLate}; problems: {(r.Problems.Count == 0 ? "none" : string.Join("; ", r.Problems))}{(r.ScenarioNotes.Count == 0 ? string.Empty : "; scenario: " + string.Join("; ", r.ScenarioNotes))}");
}
