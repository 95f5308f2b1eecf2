import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts after each test only by itself when test globals are on; ours are not.
afterEach(cleanup);

// Screens load lazily; on a busy CI machine their first render can take longer than the default 1 s.
configure({ asyncUtilTimeout: 5000 });
