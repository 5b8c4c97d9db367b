using System.Reflection;
using PropGrade.Cdk;

namespace PropGrade.Functions.Tests;

public sealed class HandlerNamesTests
{
    [Fact]
    public void EveryCdkHandlerString_NamesAPublicSealedClassWithAStreamHandler()
    {
        foreach (var handler in HandlerNames.All)
        {
            var parts = handler.Split("::");
            Assert.Equal(3, parts.Length);
            var assembly = typeof(StartRunFunction).Assembly;
            Assert.Equal(parts[0], assembly.GetName().Name);
            var type = assembly.GetType(parts[1]);
            Assert.True(type is not null, handler);
            Assert.True(type.IsPublic && type.IsSealed, handler);
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance, [typeof(Stream)]);
            Assert.True(method is not null, handler);
            Assert.Equal(typeof(Task<Stream>), method.ReturnType);
        }
    }
}
