import { normaliseJoinCode } from '$lib/join-code';
import type { PageLoad } from './$types';

/** `/j/k7m-2qx` is `/j/K7M2QX`: the code as the server reads it. */
export const load: PageLoad = ({ params }) => ({ code: normaliseJoinCode(params.code) });
