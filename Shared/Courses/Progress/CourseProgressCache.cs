using System.Collections.Concurrent;
using System.Security.Cryptography;
using Workflow.Courses.Storage;

namespace Workflow.Courses.Progress;

/// <summary><c>GET /api/courses/{id}/progress</c>: the live view of a course the organiser's page polls.</summary>
public sealed record CourseProgressView(string Id, CoursePhase Phase, CourseCounts Counts, ReplyTimelineView Replies, DateTimeOffset GeneratedAt);

/// <summary>A progress answer ready to send: the view, its JSON bytes and their strong ETag.</summary>
public sealed record ProgressSnapshot(CourseProgressView View, byte[] Body, string ETag);

/// <summary>
/// The progress view of each course, kept per instance so that any number of pollers of one course cost at most one
/// course read and one read of its tally rows (at most 8 rows, <see cref="CourseTally"/>; a course created before the
/// tallies: one projected invitee scan) per <see cref="MaxAge"/> (2 s): a poll within 2 s of the last scan's start
/// shares that scan (also while it runs). A reply therefore shows within MaxAge + one scan + the page's poll interval
/// (about 5 s with a 3 s poll). When a new scan finds the same content, the previous body (and its <c>generatedAt</c>) is
/// kept, so the ETag changes only when the content does and pollers get 304s. Entries are dropped all at once past
/// <see cref="MaxEntries"/> courses. On the Functions app each instance keeps its own.
/// </summary>
public sealed class CourseProgressCache(CourseStore courseStore, InviteeStore inviteeStore, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    private const int MaxEntries = 1_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The course's progress, from a scan started less than <see cref="MaxAge"/> ago or a new one; null: no such course.</summary>
    public Task<ProgressSnapshot?> GetAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!CourseStore.IsValidKey(courseId))
        {
            return Task.FromResult<ProgressSnapshot?>(null);
        }

        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(courseId))
        {
            _entries.Clear();
        }

        var entry = _entries.GetOrAdd(courseId, _ => new Entry());
        Task<ProgressSnapshot?> scan;
        lock (entry)
        {
            var now = time.GetUtcNow();
            if (entry.Scan is null || now - entry.StartedAt >= MaxAge || entry.Scan.IsFaulted || entry.Scan.IsCanceled)
            {
                entry.StartedAt = now;
                // Shared by every poller of the course: not cancelled with one caller's request.
                entry.Scan = ScanAsync(courseId, entry.Scan, CancellationToken.None);
            }

            scan = entry.Scan;
        }

        return scan.WaitAsync(cancellationToken);
    }

    private async Task<ProgressSnapshot?> ScanAsync(string courseId, Task<ProgressSnapshot?>? previousScan, CancellationToken cancellationToken)
    {
        var course = await courseStore.GetAsync(courseId, cancellationToken);
        if (course is null)
        {
            return null;
        }

        var scan = await inviteeStore.ReadProgressAsync(courseId, course.SessionIds, cancellationToken, course.Tallied);
        var now = time.GetUtcNow();
        var view = new CourseProgressView(course.Id, course.Phase, scan.Counts, ReplyTimeline.Build(scan.Replies, course.StartedAt, now, course.Tallied ? CourseTally.Minute : null), now);
        var previous = previousScan is { IsCompletedSuccessfully: true } ? previousScan.Result : null;
        if (previous is not null && SameContent(previous, view))
        {
            return previous;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(view, WorkflowJson.Options);
        return new ProgressSnapshot(view, body, StrongETag(body));
    }

    /// <summary>Whether <paramref name="previous"/> says what <paramref name="view"/> says, apart from when it was generated.</summary>
    private static bool SameContent(ProgressSnapshot previous, CourseProgressView view) =>
        JsonSerializer.SerializeToUtf8Bytes(previous.View with { GeneratedAt = view.GeneratedAt }, WorkflowJson.Options).AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(view, WorkflowJson.Options));

    /// <summary>A strong validator: the first 16 bytes of the body's SHA-256, base64url, quoted.</summary>
    public static string StrongETag(ReadOnlySpan<byte> body) =>
        "\"" + System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16)) + "\"";

    private sealed class Entry
    {
        public Task<ProgressSnapshot?>? Scan { get; set; }

        public DateTimeOffset StartedAt { get; set; }
    }
}
