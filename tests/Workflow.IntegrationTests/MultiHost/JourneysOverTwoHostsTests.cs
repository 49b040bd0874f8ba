using Workflow.IntegrationTests.EndToEnd;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.MultiHost;

/// <summary>
/// Issue 19: the whole-course journey (invitations, replies, course reminder, attendance, follow-up, certificates,
/// roster) run step for step as on one host, over two local hosts on one Azurite and one task hub, each on the
/// product's default worker id, the organiser's and the people's requests spread round-robin. Email goes to the fake
/// SendGrid, which keeps repeats: the journey's own count and distinct-id checks then mean every email exactly once.
/// </summary>
[Collection(MultiHostCollection.Name)]
public sealed class WholeCourseJourneyOverTwoHostsTests(AzuriteFixture azurite) : WholeCourseJourneyTests(azurite)
{
    protected override Task<CourseHostSession> StartSessionAsync(AzuriteFixture fixture) => CourseHostSession.StartOnHostsAsync(fixture, hosts: 2);
}

/// <summary>
/// Issue 19: the journey before the course (seats filling up, the waitlist, a hand-over, a unit's nomination, a
/// reminder now, a reply by letter, the venue changed, the RSVP deadline, a cancelled course) over two hosts, as above.
/// </summary>
[Collection(MultiHostCollection.Name)]
[Trait("Category", "Long")] // ./test.sh --long: kept out of the default run so CI stays well under 15 minutes
public sealed class CourseBeforeStartJourneyOverTwoHostsTests(AzuriteFixture azurite) : CourseBeforeStartJourneyTests(azurite)
{
    protected override Task<CourseHostSession> StartSessionAsync(AzuriteFixture fixture) => CourseHostSession.StartOnHostsAsync(fixture, hosts: 2);
}
