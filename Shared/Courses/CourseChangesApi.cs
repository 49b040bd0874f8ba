using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses;

/// <summary>
/// The organiser's changes to a course (SPEC §2 steps 4–6): <c>POST /cancel</c>, <c>PATCH</c> (edit, reschedule) and
/// <c>POST /remind</c>. Each reads the request, applies <see cref="CourseChangeRules"/> inside the course row's ETag
/// update (facts first), then wakes the course flow, which recomputes its schedule from the tables and sends what the
/// change asks for as a milestone.
/// </summary>
public sealed partial class CourseChangesApi(CourseStore courseStore, InviteeStore inviteeStore, AttendanceWriter attendanceWriter, CourseChangeStore store, CourseFlows flows, CourseWarnings warnings, IOptions<EmailOptions> emailOptions, TimeProvider time, ILogger<CourseChangesApi> logger)
{
    /// <summary>Most invitees one remind-now request may name.</summary>
    public const int MaxRemindIds = 1000;

    /// <summary><c>{reason}</c> → 202 with the course; 409 when already cancelled or completed.</summary>
    public Task<IResult> CancelAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        courseStore.WithCourseAndBodyAsync<CancelBody>(request, id, async (_, body) =>
        {
            var now = time.GetUtcNow();
            var author = request.Caller().Author;
            var before = CoursePhase.Draft;
            var outcome = await courseStore.UpdateCourseAsync(id, c =>
            {
                before = c.Phase;
                return CourseChangeRules.Cancel(c, body.Reason, now, author);
            }, cancellationToken);
            if (outcome.IsDone && before != CoursePhase.Draft)
            {
                await flows.WakeAsync(outcome.Value!, "changes", cancellationToken);
            }

            if (outcome.IsDone)
            {
                LogCancelled(logger, id);
            }

            return Problems.From(outcome, c => Results.Json(new { id = c.Id, phase = c.Phase, cancelledAt = c.State.CancelledAt }, WorkflowJson.Options, statusCode: StatusCodes.Status202Accepted));
        }, cancellationToken);

    /// <summary>A merge patch of the course definition (RFC 7386: the fields given replace, null removes) → 200 with the course.</summary>
    public Task<IResult> PatchAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return courseStore.WithCourseAsync(id, async current =>
        {
            var (root, problem) = await RequestReader.ReadJsonRootAsync(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return Problems.Validation("body", Phrase.Of("error.sendAJsonObjectWithTheFields"));
            }

            if (!root.EnumerateObject().Any())
            {
                return Problems.Validation("body", Phrase.Of("error.nameAtLeastOneFieldToChange"));
            }

            var shape = JsonShape.Check(root, typeof(CourseDefinition));
            if (shape.Count > 0)
            {
                return Problems.Validation(shape);
            }

            var patch = JsonNode.Parse(root.GetRawText())!.AsObject();
            var fields = patch.Select(p => p.Key).ToList();
            var now = time.GetUtcNow();
            var author = request.Caller().Author;

            // Marks exist only once the course has started (a draft has none): a marked session may not be taken off the schedule.
            var marked = fields.Contains("sessions") && current.Phase != CoursePhase.Draft
                ? await attendanceWriter.ListMarkedSessionIdsAsync(id, cancellationToken)
                : [];
            var outcome = await courseStore.UpdateCourseAsync(id, c =>
            {
                var merged = JsonSerializer.SerializeToNode(c.Definition, WorkflowJson.Options)!.AsObject();
                Merge(merged, patch);
                CourseDefinition? edited;
                try
                {
                    edited = merged.Deserialize<CourseDefinition>(WorkflowJson.Options);
                }
                catch (JsonException)
                {
                    edited = null;
                }

                return edited is null
                    ? Outcome<Course>.Invalid("body", JsonShape.Expected(typeof(CourseDefinition)))
                    : CourseChangeRules.Edit(c, fields, edited, now, author, marked);
            }, cancellationToken);
            if (outcome.IsDone && outcome.Value!.Phase != CoursePhase.Draft)
            {
                await flows.WakeAsync(outcome.Value, "changes", cancellationToken);
            }

            if (outcome.IsDone)
            {
                LogEdited(logger, id, outcome.Value!.State.Version);
            }

            if (!outcome.IsDone)
            {
                return Problems.From(outcome, _ => Results.Empty);
            }

            // A reschedule onto a holiday or a weekend is saved, with a warning in the answer (issue 18 item 7).
            var view = CourseView.From(outcome.Value!, await inviteeStore.CountAsync(id, cancellationToken, outcome.Value!.SessionIds, outcome.Value!.Tallied));
            return Results.Json(
                fields.Contains("sessions") ? view with { Warnings = await warnings.ForAsync(outcome.Value!.Definition, cancellationToken) } : view,
                WorkflowJson.Options);
        }, cancellationToken);
    }

    /// <summary>
    /// <c>{inviteeIds?}</c> → 202 <c>{requestId, count, deliveryDelayMinutes}</c>: a reminder now to the chosen pending
    /// invitees (default all), once per request. Handed over as a scheduled batch like every reminder round, so it
    /// reaches people <c>deliveryDelayMinutes</c> later (<see cref="EmailOptions.ScheduledSendLead"/>, docs/email.md).
    /// </summary>
    public Task<IResult> RemindAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return courseStore.WithCourseAsync(id, async course =>
        {
            var (key, keyProblem) = RequestReader.ReadIdempotencyKey(request);
            if (keyProblem is not null)
            {
                return keyProblem;
            }

            var (body, problem) = await RequestReader.ReadOptionalJsonAsync<RemindBody>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (course.Phase != CoursePhase.Inviting)
            {
                return Problems.Conflict(Phrase.Of("error.remindersCanBeSentWhileTheCourse", ("phase", CoursePhases.Named(course.Phase))));
            }

            // The same key again (a retry, or clients racing with one key) answers the request stored under it, whoever
            // stored it first; the same key for other people is refused rather than answered with someone else's reminder.
            var requestId = key ?? CourseStore.NewCourseId();
            var row = key is null ? null : await store.GetRequestAsync(id, requestId, cancellationToken);
            if (row is null)
            {
                var pending = (await inviteeStore.ListPendingAsync(id, cancellationToken)).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
                var (ids, errors) = Choose(body?.InviteeIds, pending);
                if (errors.Count > 0)
                {
                    return Problems.Validation(errors);
                }

                var count = ids.Count == 0 ? pending.Count : ids.Count;
                (row, _) = await store.AddRequestAsync(new RemindRequestRow(id, requestId, ids, count, time.GetUtcNow(), Done: count == 0), cancellationToken);
            }

            if (!row.IsFor(body?.InviteeIds))
            {
                return Problems.Unprocessable(RequestReader.IdempotencyHeader, Phrase.Of("remindKeyReused"));
            }

            if (!row.Done)
            {
                var author = request.Caller().Author;
                // Idempotent: a request already queued leaves the course row as it is (no write, so racing retries do not
                // contend for its ETag).
                var outcome = await courseStore.UpdateCourseAsync(id, c => CourseChangeRules.RemindNow(c, requestId, row.RequestedAt, author, row.Count), cancellationToken);
                if (!outcome.IsDone)
                {
                    return Problems.From(outcome, _ => Results.Empty);
                }

                await flows.WakeAsync(outcome.Value!, "changes", cancellationToken);
            }

            LogRemind(logger, id, row.Count);
            var delay = (int)Math.Ceiling(emailOptions.Value.ScheduledSendLead.TotalMinutes);
            return Results.Json(new { requestId, count = row.Count, deliveryDelayMinutes = delay }, WorkflowJson.Options, statusCode: StatusCodes.Status202Accepted);
        }, cancellationToken);
    }

    /// <summary>The chosen ids (each an invited, pending invitee of the course; duplicates once), or none for "everyone pending".</summary>
    private static (List<string> Ids, List<ValidationError> Errors) Choose(IReadOnlyList<string?>? requested, HashSet<string> pending)
    {
        var errors = new List<ValidationError>();
        if (requested is null)
        {
            return ([], errors);
        }

        if (requested.Count == 0)
        {
            errors.Add(new ValidationError("inviteeIds", Phrase.Of("error.nameAtLeastOneInviteeOrLeave")));
        }

        if (requested.Count > MaxRemindIds)
        {
            errors.Add(new ValidationError("inviteeIds", Phrase.Of("error.atMostInviteesPerRequest", ("max", MaxRemindIds))));
            return ([], errors);
        }

        var ids = new List<string>();
        for (var i = 0; i < requested.Count; i++)
        {
            var inviteeId = requested[i];
            if (inviteeId is null || !pending.Contains(inviteeId))
            {
                errors.Add(new ValidationError($"inviteeIds[{i}]", Phrase.Of("error.notAnInvitedPersonWhoHasYet")));
            }
            else if (!ids.Contains(inviteeId, StringComparer.Ordinal))
            {
                ids.Add(inviteeId);
            }
        }

        return (ids, errors);
    }

    /// <summary>RFC 7386: objects merge member by member, null removes, anything else replaces.</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} edited (change version {Version})")]
    private static partial void LogEdited(ILogger logger, string courseId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: remind-now for {Count} invitees")]
    private static partial void LogRemind(ILogger logger, string courseId, int count);
}

/// <summary>The body of <c>POST /api/courses/{id}/cancel</c>.</summary>
public sealed record CancelBody(string? Reason);

/// <summary>The body of <c>POST /api/courses/{id}/remind</c> (optional).</summary>
public sealed record RemindBody(IReadOnlyList<string?>? InviteeIds);
