using FestivalPos.Gateway.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>401 and 403 answers as ProblemDetails, with the bearer challenge header.</summary>
public static class AuthProblems
{
    public static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.Response.StatusCode == StatusCodes.Status302Found)
        {
            return; // The operator's cookie scheme, asked first, sent a browser page to the sign-in form.
        }

        var (type, title) = context.AuthenticateFailure switch
        {
            null => ("missing-token", "An access token is required"),
            SecurityTokenExpiredException => ("token-expired", "The access token has expired"),
            AuthenticationFailureException => ("client-revoked", "The client of this access token is revoked or unknown, or its secret changed"),
            _ => ("invalid-token", "The access token is not valid"),
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, type, title, "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'.");
    }

    public static Task WriteForbiddenAsync(ForbiddenContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.HttpContext.Items.ContainsKey(OwnDeviceRequirement.RefusedItem)
            ? WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "other-device", "A device may only act as itself", "This token belongs to another device.")
            : WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "role-not-allowed", "This client's role may not make this call", "The call needs another role.");
    }

    private static async Task WriteAsync(HttpContext httpContext, int status, string type, string title, string detail)
    {
        var problems = httpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Type = Problems.TypePrefix + type, Title = title, Detail = detail },
        });
    }
}
