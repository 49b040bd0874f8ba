using Workflow.Courses;
using Workflow.Courses.Nominations;
using Workflow.Courses.Storage;
using Workflow.Documents.Numbers;

namespace Workflow.Documents.Letters;

/// <summary>
/// The course's letters as files: their numbers allocated once on first need (the invitations going out, a nomination
/// request, an organiser's download) and written on the course row, and the PDFs (one person's or unit's letter, or all
/// of them in one file). A course without a signer (<see cref="CourseDefinition.Letter"/>) has none.
/// </summary>
public sealed class LetterFiles(
    DocumentNumberStore numbers,
    CourseStore courses,
    LetterAttachments attachments,
    TimeProvider time)
{
    public const string PdfType = LetterAttachments.PdfType;

    /// <summary>The course with its Giấy mời number (taken now if it has none), or null when the course has no signer.</summary>
    public Task<Course?> WithInvitationNumberAsync(Course course, CancellationToken cancellationToken) =>
        WithNumberAsync(course, PartyLetters.InvitationKind, l => l.Invitation, (l, n) => l with { Invitation = n }, cancellationToken);

    /// <summary>The course with its nomination công văn number (taken now if it has none), or null when the course has no signer.</summary>
    public Task<Course?> WithNominationNumberAsync(Course course, CancellationToken cancellationToken) =>
        WithNumberAsync(course, PartyLetters.NominationKind, l => l.Nomination, (l, n) => l with { Nomination = n }, cancellationToken);

    /// <summary>The invitee's Giấy mời as an email attachment (the course carries its number).</summary>
    public EmailAttachment Invitation(Course course, Invitee invitee) => attachments.Invitation(course, invitee);

    /// <summary>The unit's nomination công văn as an email attachment (the course carries its number).</summary>
    public EmailAttachment Nomination(Course course, Nomination nomination) => attachments.Nomination(course, nomination);

    /// <summary>Giấy mời of <paramref name="invitees"/> in one PDF (one page or more each).</summary>
    public (string FileName, byte[] Content) Invitations(Course course, IReadOnlyList<Invitee> invitees) => attachments.Invitations(course, invitees);

    /// <summary>The nomination letters of <paramref name="units"/> in one PDF.</summary>
    public (string FileName, byte[] Content) Nominations(Course course, IReadOnlyList<Nomination> units) => attachments.Nominations(course, units);

    private async Task<Course?> WithNumberAsync(
        Course course,
        string kind,
        Func<CourseLetterNumbers, LetterNumber?> read,
        Func<CourseLetterNumbers, LetterNumber, CourseLetterNumbers> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Definition.Letter is null)
        {
            return null;
        }

        if (read(course.Letters) is not null)
        {
            return course;
        }

        var today = DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow()).DateTime);
        var sequence = await numbers.TakeAsync(today.Year, kind, course.Id, cancellationToken);
        var number = new LetterNumber(today.Year, sequence, today);
        var outcome = await courses.UpdateCourseAsync(
            course.Id,
            c => Outcome<Course>.Done(read(c.Letters) is not null ? c : c with { Letters = write(c.Letters, number) }),
            cancellationToken);
        return outcome.IsDone ? outcome.Value : course with { Letters = write(course.Letters, number) };
    }
}
