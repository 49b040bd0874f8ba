using QRCoder;
using Workflow.Courses.Links;

namespace Workflow.Courses.Attendance;

/// <summary>
/// A person's check-in link (<see cref="LinkPurpose.CheckIn"/>, valid until the last session ends) and its QR code, for
/// every part that shows or sends it: the check-in page itself, the reply page of an accepted person, the course reminder.
/// Pages show the QR code as an image of its own (<c>{link}/qr</c>, drawn from the token alone and cached by the phone),
/// not inside the page: drawing it took about half the host's CPU of a reply (docs/benchmarks.md).
/// </summary>
public sealed class CheckInLinks(LinkTokens tokens, IOptions<WorkflowOptions> options)
{
    /// <summary>Pixels per QR module: a link of ~200 characters gives a ~45-module code, about 270 px wide plus the quiet zone.</summary>
    private const int PixelsPerModule = 6;

    public string Link(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        return LinkOf(tokens.Create(new LinkClaims(course.Id, invitee.Id, LinkPurpose.CheckIn, AttendanceRules.LastSessionEnd(course))));
    }

    /// <summary>The link of a check-in token.</summary>
    public string LinkOf(string token) => options.Value.PublicBaseUrl.TrimEnd('/') + "/api/r/" + token;

    /// <summary>Where a page finds the QR code image of <paramref name="link"/>.</summary>
    public static string QrImageOf(string link) => link + "/qr";

    /// <summary>The QR code of <paramref name="link"/> as a PNG (black on white, error correction M, with its quiet zone).</summary>
    public static byte[] QrPng(string link)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        return PngByteQRCodeHelper.GetQRCode(link, QRCodeGenerator.ECCLevel.M, PixelsPerModule);
    }

    /// <summary>What a page shows of a person's check-in: the link and the address of its QR code image (values for the page's template).</summary>
    public Dictionary<string, object?> PageModel(Course course, Invitee invitee)
    {
        var link = Link(course, invitee);
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["link"] = link, ["qr"] = QrImageOf(link) };
    }
}
