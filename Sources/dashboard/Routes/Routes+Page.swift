import Hummingbird

extension Routes {
    /// The page, with the token in its asset links (the script reads it from the URL).
    static func page(token: AccessToken) -> Response {
        text(PageHTML.render(token: token), type: "text/html; charset=utf-8")
    }

    static func style() -> Response { text(PageCSS.text, type: "text/css; charset=utf-8") }

    static func script() -> Response { text(PageScript.text, type: "text/javascript; charset=utf-8") }
}
