package dev.tally.shared.security;

import dev.tally.privacy.Pseudonyms;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** The {@link Caller} of a request: its login's subject, and whether it is an admin. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final Pseudonyms pseudonyms;

    CallerArgumentResolver(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Caller.class);
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new AuthenticationCredentialsNotFoundException("not authenticated");
        }
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> Caller.ADMIN_ROLE.equals(authority.getAuthority()));
        return new Caller(pseudonyms.subjectOf(authentication.getName()), admin);
    }
}
