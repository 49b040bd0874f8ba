using Microsoft.Extensions.DependencyInjection;
using Workflow.Complaints.Cases;
using Workflow.Courses;
using Workflow.Courses.Links;
using Workflow.Hosting;

namespace Workflow.UnitTests.Hosting;

/// <summary>A class named for its kind is registered by its name: one instance for a store, an API, a page; one per call for an activity.</summary>
public sealed class ServiceKindsTests
{
    private static readonly IServiceCollection Services = new ServiceCollection().AddServicesByKind();

    [Theory]
    [InlineData(typeof(ComplaintStore), ServiceLifetime.Singleton)]
    [InlineData(typeof(CourseApi), ServiceLifetime.Singleton)]
    [InlineData(typeof(ReplyPage), ServiceLifetime.Singleton)]
    [InlineData(typeof(CourseFlowSteps), ServiceLifetime.Singleton)]
    [InlineData(typeof(RunMilestoneActivity), ServiceLifetime.Transient)]
    public void A_class_named_for_its_kind_is_registered_once_with_its_lifetime(Type type, ServiceLifetime lifetime)
    {
        var registration = Assert.Single(Services, d => d.ServiceType == type);
        Assert.Equal(lifetime, registration.Lifetime);
        Assert.Equal(type, registration.ImplementationType);
    }

    [Fact]
    public void Only_concrete_classes_are_registered_and_other_names_are_left_to_the_hand_written_list()
    {
        Assert.All(Services, d => Assert.False(d.ServiceType.IsAbstract || d.ServiceType.IsGenericTypeDefinition, d.ServiceType.Name));
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(PersonalLinkRouter) || d.ServiceType == typeof(LinkPages));
    }
}
