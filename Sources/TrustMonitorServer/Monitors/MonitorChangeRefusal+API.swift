import Hummingbird
import TrustMonitorConfig

extension MonitorChangeRefusal {
    /// The refusal as the API answers it.
    /// - Parameter what: `monitor` or `maintenance window`, for codes and messages.
    func apiError(_ what: String) -> APIError {
        switch self {
        case .invalid(let errors):
            let problems = errors.problems.map { APIError.Problem(path: $0.path, message: $0.message) }
            let listed = problems.map { $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)" }
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return APIError(.badRequest, code: "invalid_\(what.replacingOccurrences(of: " ", with: "_"))",
                            message: "invalid \(what) (\(count)): " + listed.joined(separator: "; "),
                            problems: problems)
        case .unknown(let id):
            return APIError.notFound("no \(what) '\(id)'")
        case .configOwned(let name):
            return APIError(.conflict, code: "config_owned", message:
                "\(what) '\(name)' is defined in the configuration file; change it there and reload")
        case .nameTaken(let name):
            return APIError(.conflict, code: "name_taken", message: "a monitor named '\(name)' exists already")
        }
    }
}
