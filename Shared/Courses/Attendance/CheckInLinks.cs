using Microsoft.Extensions.Options;
using QRCoder;
using Workflow.Hosting;
using Workflow.Links;

namespace Workflow.Courses.Attendance;

/// <summary>
/// A person's check-in link (<see cref="LinkPurpose.CheckIn"/>, valid until the last session ends) and its QR code, for
/// every part that shows or sends it: the check-in page itself, the reply page of an accepted person, the course reminder.
/// </summary>
public sealed class CheckInLinks(LinkTokens tokens, IOptions<WorkflowOptions> options)
{
    /// <summary>Pixels per QR module: a link of ~200 characters gives a ~45-module code, about 270 px wide plus the quiet zone.</summary>
    private const int PixelsPerModule = 6;

    public string Link(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var token = tokens.Create(new LinkClaims(course.Id, invitee.Id, LinkPurpose.CheckIn, AttendanceRules.LastSessionEnd(course)));
        return options.Value.PublicBaseUrl.TrimEnd('/') + "/api/r/" + token;
    }

    /// <summary>The QR code of <paramref name="link"/> as a PNG (black on white, error correction M, with its quiet zone).</summary>
    public static byte[] QrPng(string link)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        return PngByteQRCodeHelper.GetQRCode(link, QRCodeGenerator.ECCLevel.M, PixelsPerModule);
    }

    /// <summary>The QR code as a <c>data:image/png;base64,...</c> URI for an <c>img</c> on a page (no second request, no script).</summary>
    public static string QrDataUri(string link) => "data:image/png;base64," + Convert.ToBase64String(QrPng(link));

    /// <summary>What a page shows of a person's check-in: the link and its QR code (values for the page's template).</summary>
    public Dictionary<string, object?> PageModel(Course course, Invitee invitee)
    {
        var link = Link(course, invitee);
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["link"] = link, ["qr"] = QrDataUri(link) };
    }
}
