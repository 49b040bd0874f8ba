namespace Workflow.Courses.Certificates;

/// <summary>
/// The certificate email (kind <c>certificate</c>): one message per person, because each carries that person's PDF
/// (<see cref="EmailBatch.Attachments"/> go to every recipient of a batch). Message id <c>certificate:{courseId}:{inviteeId}</c>.
/// </summary>
public sealed class CertificateEmails(TemplateRenderer templates, CourseEmails courses, IOptions<WorkflowOptions> options)
{
    public EmailBatch Certificate(Course course, CertificateRecord certificate, string email, ReadOnlyMemory<byte> pdf)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(certificate);
        var model = courses.CourseModel(course);
        model["number"] = certificate.Number;
        model["dates"] = certificate.Dates;
        model["verify_url"] = CertificatePdf.VerifyUrl(options.Value, certificate.Number);
        var recipients = new[] { new EmailTo(MessageId(course.Id, certificate.InviteeId), email, certificate.Name) };
        var batch = templates.Email("certificate", "certificateSubject", model, course.Definition.Language, recipients);
        return batch with { Attachments = [new EmailAttachment(FileName(certificate.Number), "application/pdf", pdf)] };
    }

    public static string MessageId(string courseId, string inviteeId) => $"certificate:{courseId}:{inviteeId}";

    public static string FileName(string number) => "giay-chung-nhan-" + number + ".pdf";
}
