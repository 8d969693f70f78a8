#!/usr/bin/env python3
"""Write one deterministic listApplications page: 200 apps of mixed sign-on modes.

usage: gen_page.py OUTDIR

Writes OUTDIR/page.json, the page itself: its shapes follow tests/benches/decode.rs (every
field Okta sends, in its order), plus AUTO_LOGIN apps and exactly one app whose signOnMode
(MFA_AS_SERVICE, a mode newer Okta versions send) is not among the spec's known values.
No randomness: the same bytes every run. Two variants, so that a client that rejects part
of the page can still be timed on the rest:
  page-known.json       the same page minus the MFA_AS_SERVICE app (199 apps);
  page-spec-links.json  the same 200 apps with each `_links` value an object, as the spec
                        declares (additionalProperties: object): Okta sends `appLinks` and
                        `logo` as arrays of link objects; here each is its first element.
"""

import copy
import json
import os
import sys

UNKNOWN_INDEX = 137
UNKNOWN_MODE = "MFA_AS_SERVICE"

# i % 10 -> sign-on mode
CYCLE = [
    "BOOKMARK",
    "SAML_2_0",
    "SAML_1_1",
    "OPENID_CONNECT",
    "BROWSER_PLUGIN",
    "BASIC_AUTH",
    "SECURE_PASSWORD_STORE",
    "WS_FEDERATION",
    "AUTO_LOGIN",
    "SAML_2_0",
]


def app(i):
    app_id = "0oa%017x" % i
    base = "https://example.okta.com"
    links = {
        "uploadLogo": {"href": f"{base}/api/v1/apps/{app_id}/logo", "hints": {"allow": ["POST"]}},
        "appLinks": [{"name": "login", "href": f"{base}/home/app/{app_id}/1234", "type": "text/html"}],
        "profileEnrollment": {"href": f"{base}/api/v1/policies/rst1"},
        "policies": {"href": f"{base}/api/v1/apps/{app_id}/policies", "hints": {"allow": ["PUT"]}},
        "groups": {"href": f"{base}/api/v1/apps/{app_id}/groups"},
        "logo": [{"name": "medium", "href": "https://ok12static.oktacdn.com/assets/img/logos/default.png", "type": "image/png"}],
        "accessPolicy": {"href": f"{base}/api/v1/policies/rst2"},
        "users": {"href": f"{base}/api/v1/apps/{app_id}/users"},
        "deactivate": {"href": f"{base}/api/v1/apps/{app_id}/lifecycle/deactivate"},
    }
    out = {
        "id": app_id,
        "orgId": "00o1a2b3c4d5e6f7g8h9",
        "label": f"Application number {i}",
        "status": "INACTIVE" if i % 5 == 0 else "ACTIVE",
        "lastUpdated": "2024-02-29T08:30:00.000Z",
        "created": "2023-01-15T17:04:11.000Z",
        "accessibility": {"selfService": False, "errorRedirectUrl": None, "loginRedirectUrl": None},
        "visibility": {"autoLaunch": False, "autoSubmitToolbar": False, "hide": {"iOS": False, "web": False}, "appLinks": {"login": True}},
        "features": [],
    }
    signing = {"kid": "sHHsnPeTE3Gz9u7UEjeETd7bHNbfvCnI_tG3nOfD0Xs"}
    template = {"template": "${source.login}", "type": "BUILT_IN"}
    notifications = {"vpn": {"network": {"connection": "DISABLED"}, "message": None, "helpUrl": None}}
    notes = {"admin": None, "enduser": None}
    swa_credentials = {"scheme": "EDIT_USERNAME_AND_PASSWORD", "userNameTemplate": template, "revealPassword": False, "signing": {}}
    mode = UNKNOWN_MODE if i == UNKNOWN_INDEX else CYCLE[i % len(CYCLE)]
    if mode == "BOOKMARK":
        name = "bookmark"
        credentials = {"userNameTemplate": template, "signing": {}}
        settings = {"app": {"requestIntegration": False, "url": "https://intranet.example.com/start"}, "notifications": notifications,
                    "manualProvisioning": False, "implicitAssignment": False, "notes": notes}
    elif mode in ("SAML_1_1", "SAML_2_0"):
        name = "example_saml"
        credentials = {"userNameTemplate": template, "signing": signing}
        settings = {"app": {}, "notifications": notifications, "manualProvisioning": False, "implicitAssignment": False, "notes": notes,
                    "signOn": {"defaultRelayState": "", "ssoAcsUrl": "https://sp.example.com/sso/saml",
                               "idpIssuer": "http://www.okta.com/${org.externalKey}", "audience": "https://sp.example.com",
                               "recipient": "https://sp.example.com/sso/saml", "destination": "https://sp.example.com/sso/saml",
                               "subjectNameIdTemplate": "${user.userName}",
                               "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                               "responseSigned": True, "assertionSigned": True, "signatureAlgorithm": "RSA_SHA256",
                               "digestAlgorithm": "SHA256", "honorForceAuthn": True,
                               "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                               "spIssuer": None, "requestCompressed": False, "allowMultipleAcsEndpoints": False, "acsEndpoints": [],
                               "attributeStatements": [{"type": "EXPRESSION", "name": "email",
                                                        "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
                                                        "values": ["user.email"]}],
                               "inlineHooks": [], "slo": {"enabled": False}}}
    elif mode == "OPENID_CONNECT":
        name = "oidc_client"
        credentials = {"userNameTemplate": template, "signing": {"kid": "abc"},
                       "oauthClient": {"autoKeyRotation": True, "client_id": app_id, "token_endpoint_auth_method": "client_secret_basic",
                                       "pkce_required": False}}
        settings = {"app": {}, "notifications": notifications, "manualProvisioning": False, "implicitAssignment": False, "notes": notes,
                    "oauthClient": {"client_uri": None, "logo_uri": None,
                                    "redirect_uris": ["https://portal.example.com/authorization-code/callback"],
                                    "post_logout_redirect_uris": ["https://portal.example.com"], "response_types": ["code"],
                                    "grant_types": ["authorization_code", "refresh_token"], "application_type": "web",
                                    "consent_method": "REQUIRED", "issuer_mode": "DYNAMIC",
                                    "idp_initiated_login": {"mode": "DISABLED", "default_scope": []},
                                    "wildcard_redirect": "DISABLED", "refresh_token": {"rotation_type": "ROTATE", "leeway": 30}}}
    elif mode == "BROWSER_PLUGIN":
        name = "template_swa"
        credentials = swa_credentials
        settings = {"app": {"buttonField": "btn-login", "passwordField": "txtbox-password", "usernameField": "txtbox-username",
                            "url": "https://legacy.example.com/login"}, "notifications": notifications, "notes": notes}
    elif mode == "BASIC_AUTH":
        name = "template_basic_auth"
        credentials = swa_credentials
        settings = {"app": {"url": "https://basic.example.com/login", "authURL": "https://basic.example.com/auth"},
                    "notifications": notifications, "notes": notes}
    elif mode == "SECURE_PASSWORD_STORE":
        name = "template_sps"
        credentials = swa_credentials
        settings = {"app": {"url": "https://sps.example.com/login", "passwordField": "#pass", "usernameField": "#user",
                            "optionalField1": "param1", "optionalField1Value": "x"}, "notifications": notifications, "notes": notes}
    elif mode == "WS_FEDERATION":
        name = "template_wsfed"
        credentials = {"userNameTemplate": template, "signing": {}}
        settings = {"app": {"audienceRestriction": "urn:example:app", "groupName": None, "groupValueFormat": "windowsDomainQualifiedName",
                            "realm": "urn:example:app", "wReplyURL": "https://wsfed.example.com/", "attributeStatements": None,
                            "nameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "siteURL": "https://wsfed.example.com",
                            "wReplyOverride": False, "usernameAttribute": "username"}, "notifications": notifications, "notes": notes}
    elif mode == "AUTO_LOGIN":
        name = f"autologin_{i}"
        credentials = {"scheme": "EDIT_USERNAME_AND_PASSWORD", "userNameTemplate": template, "revealPassword": False, "signing": {}}
        settings = {"app": {}, "notifications": notifications, "manualProvisioning": False, "implicitAssignment": False, "notes": notes,
                    "signOn": {"loginUrl": "https://autologin.example.com/login", "redirectUrl": "https://autologin.example.com/home"}}
    else:  # the one unknown mode
        name = "okta_mfa_as_service"
        credentials = {"userNameTemplate": template, "signing": {}}
        settings = {"app": {}, "notifications": notifications, "manualProvisioning": False, "implicitAssignment": False, "notes": notes}
    out["name"] = name
    out["signOnMode"] = mode
    out["credentials"] = credentials
    out["settings"] = settings
    out["_links"] = links
    return out


def dump(apps, path):
    data = json.dumps(apps, separators=(",", ":"), ensure_ascii=False).encode()
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    out = argv[1]
    apps = [app(i) for i in range(200)]
    modes = {}
    for a in apps:
        modes[a["signOnMode"]] = modes.get(a["signOnMode"], 0) + 1
    n = dump(apps, os.path.join(out, "page.json"))
    print(f"page.json: {len(apps)} apps, {n} bytes; modes: " + ", ".join(f"{k}={v}" for k, v in sorted(modes.items())))
    known = [a for a in apps if a["signOnMode"] != UNKNOWN_MODE]
    n = dump(known, os.path.join(out, "page-known.json"))
    print(f"page-known.json: {len(known)} apps (without the {UNKNOWN_MODE} app), {n} bytes")
    spec_links = copy.deepcopy(apps)
    for a in spec_links:
        for key, value in a["_links"].items():
            if isinstance(value, list):
                a["_links"][key] = value[0]
    n = dump(spec_links, os.path.join(out, "page-spec-links.json"))
    print(f"page-spec-links.json: {len(spec_links)} apps, _links.appLinks and _links.logo as objects, {n} bytes")


if __name__ == "__main__":
    main(sys.argv)
