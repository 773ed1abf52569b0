use crate::DemoArgs;
use crate::util::CliResult;

pub fn run(_args: &DemoArgs, _json: bool) -> CliResult<u8> {
    Ok(0)
}
