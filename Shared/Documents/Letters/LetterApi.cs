using Microsoft.AspNetCore.Http;
using Workflow.Courses;
using Workflow.Courses.Nominations;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Documents.Letters;

/// <summary>
/// The course's letters for organisers and administrators (issue 18):
/// <c>GET /api/courses/{id}/letters/invitation[?invitee={inviteeId}]</c> (one person's Giấy mời, or every invitee's in one
/// PDF) and <c>GET /api/courses/{id}/letters/nomination[?unit={unitId}]</c> (one unit's công văn, or all). The first
/// download of a course without a number takes it (the same number its emails then carry).
/// </summary>
public sealed class LetterApi(CourseStore courseStore, InviteeStore inviteeStore, NominationStore nominationStore, LetterFiles files)
{
    public Task<IResult> InvitationAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        LetterAsync(request, id, "invitee", async (course, inviteeId) =>
        {
            List<Invitee> invitees;
            if (inviteeId is null)
            {
                invitees = [.. (await inviteeStore.ListInviteesAsync(course.Id, cancellationToken))
                    .Where(i => i.Status is not (InviteeStatus.Delegated or InviteeStatus.Cancelled))
                    .OrderBy(i => i.Unit ?? string.Empty, Vietnamese)
                    .ThenBy(i => i.Name, Vietnamese)];
                if (invitees.Count == 0)
                {
                    return Problems.NotFound(Phrase.Of("letters.error.noInvitees"));
                }
            }
            else
            {
                var invitee = await inviteeStore.GetInviteeAsync(course.Id, inviteeId, cancellationToken);
                if (invitee is null)
                {
                    return Problems.NotFound(Phrase.Of("letters.error.noInvitee", ("inviteeId", ResourceIds.Shown(inviteeId))));
                }

                invitees = [invitee];
            }

            var numbered = await files.WithInvitationNumberAsync(course, cancellationToken);
            var (name, content) = files.Invitations(numbered!, invitees);
            return Results.File(content, LetterFiles.PdfType, name);
        }, cancellationToken);

    public Task<IResult> NominationAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        LetterAsync(request, id, "unit", async (course, unitId) =>
        {
            var units = (await nominationStore.ListAsync(course.Id, cancellationToken)).OrderBy(n => n.Unit, Vietnamese).ToList();
            if (unitId is not null)
            {
                units = [.. units.Where(n => n.Id == unitId)];
                if (units.Count == 0)
                {
                    return Problems.NotFound(Phrase.Of("letters.error.noUnit", ("unitId", ResourceIds.Shown(unitId))));
                }
            }
            else if (units.Count == 0)
            {
                return Problems.NotFound(Phrase.Of("letters.error.noUnits"));
            }

            var numbered = await files.WithNominationNumberAsync(course, cancellationToken);
            var (name, content) = files.Nominations(numbered!, units);
            return Results.File(content, LetterFiles.PdfType, name);
        }, cancellationToken);

    /// <summary>
    /// One letter download: the one id the query may name in <paramref name="field"/> (400 otherwise), the course (404),
    /// its signer (409 without one), then <paramref name="letter"/> for the course and that id (null: every letter).
    /// </summary>
    private async Task<IResult> LetterAsync(HttpRequest request, string id, string field, Func<Course, string?, Task<IResult>> letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryReadId(request, field, out var chosen))
        {
            return Problems.Validation(field, Phrase.Of("letters.error.oneId"));
        }

        return await courseStore.WithCourseAsync(
            id,
            course => course.Definition.Letter is null ? Task.FromResult(Problems.Conflict(Phrase.Of("letters.error.noSigner"))) : letter(course, chosen),
            cancellationToken);
    }

    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    /// <summary>An optional id in the query: absent (null), or once and of the shape of the product's ids.</summary>
    private static bool TryReadId(HttpRequest request, string name, out string? id)
    {
        id = null;
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return true;
        }

        id = values.Count == 1 ? values[0] : null;
        return id is not null && ResourceIds.IsValid(id);
    }
}
