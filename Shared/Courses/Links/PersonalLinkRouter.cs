using Microsoft.AspNetCore.Http;
using Workflow.Courses.Attendance;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Nominations;

namespace Workflow.Courses.Links;

/// <summary>
/// Every personal link, <c>/api/r/{token}</c> and its QR image <c>/api/r/{token}/qr</c>: the token is verified once
/// (<see cref="LinkTokens.Verify(string?)"/>) and the link goes by its purpose to exactly one page: the reply
/// (<see cref="LinkPurpose.Rsvp"/>), the nomination, the check-in, or the follow-up (survey, report). The pages trust the
/// verified link they are given; an invalid token gets the plain "invalid link" page here and reaches none of them.
/// </summary>
public sealed class PersonalLinkRouter(
    LinkTokens tokens,
    LinkPages pages,
    ReplyPage replies,
    NominationPage nominations,
    CheckInPage checkIn,
    FollowUpPage followUp)
{
    public Task<IResult> HandleAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        LinkPages.PrivatePage(request.HttpContext.Response);
        var link = tokens.Verify(token);
        return link?.Claims.Purpose switch
        {
            LinkPurpose.Rsvp => replies.HandleAsync(request, link, cancellationToken),
            LinkPurpose.Nominate => nominations.HandleAsync(request, link, cancellationToken),
            LinkPurpose.CheckIn => checkIn.HandleAsync(request, link, cancellationToken),
            LinkPurpose.Survey or LinkPurpose.Report => followUp.HandleAsync(request, link, cancellationToken),
            _ => Task.FromResult(pages.NotFound()),
        };
    }

    /// <summary>
    /// The QR code image of a check-in link, drawn from the verified token alone (no storage read). A link that is not a
    /// check-in link gets the plain "invalid link" page, an expired one the "check-in closed" page; neither is cached.
    /// </summary>
    public IResult QrImage(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.HttpContext.Response;
        LinkPages.PrivatePage(response);
        var link = tokens.Verify(token);
        if (link is null || link.Claims.Purpose != LinkPurpose.CheckIn)
        {
            return pages.NotFound();
        }

        if (link.Expired)
        {
            return pages.Plain(StatusCodes.Status410Gone, "vi", "checkInTitle", "checkInClosed");
        }

        // The token never changes: the phone keeps the image.
        LinkPages.PrivatePage(response, "private, max-age=86400, immutable");
        return checkIn.QrImage(token);
    }
}
